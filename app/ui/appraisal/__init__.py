"""民主评议's page and dialogs."""
