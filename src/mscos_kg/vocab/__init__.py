"""The MSCOS vocabulary: curated tables, the build into RDF, exports and quality gates."""
