"""Dashboard for a county's action plan against men's violence against women."""
