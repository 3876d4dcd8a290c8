"""Reading input files into articles, and the ingest service that stores them."""
