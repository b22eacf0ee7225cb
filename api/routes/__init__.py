"""Routers of the service, one module per noun; ``api/app.py`` includes each with one line."""
