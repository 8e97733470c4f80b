"""The Qt desktop interface. Pages receive the database (or the services) they need, not the window."""
