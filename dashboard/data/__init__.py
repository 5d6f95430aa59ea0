"""Data layer: load and validate data/ and geo/, import, example data, geometry build. No Dash."""
