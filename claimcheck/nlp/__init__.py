"""spaCy preprocessing: build_nlp() and the Doc -> DocFeatures bridge."""
