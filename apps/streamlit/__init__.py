"""Streamlit explorer for the published warehouse (run ``streamlit run apps/streamlit/app.py``)."""
