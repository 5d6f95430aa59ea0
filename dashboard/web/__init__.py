"""The web layer: app factory, serving, caching, security, the first paint."""
