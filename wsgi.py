"""The WSGI entry point for gunicorn: gunicorn wsgi:app"""
from app import create_app
from app.search.analysis import load_analysis_tools

app = create_app()
# Each worker loads the stemmers as it starts (about 1 s), not in its first visitor's search.
load_analysis_tools()
