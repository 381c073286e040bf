"""A source file as structure, not as a string: readers per format (txt, docx, pdf, scans
through OCR) produce the same Document (legalkb.documents.document), which ingest saves.
Pure Python: nothing here imports Django."""
