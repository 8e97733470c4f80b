"""组织生活's page and dialogs: thin over app.services.meetings (every rule and query lives there)."""
