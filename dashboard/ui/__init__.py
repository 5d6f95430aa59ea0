"""Shared components, HTML blocks, downloads and image export for the pages."""
