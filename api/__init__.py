"""The MSCOS web service (FastAPI). Imports the library; the library never imports it."""
