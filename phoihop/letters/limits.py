"""The bounds of the letters kind's inputs (read by forms, serializers and services)."""

ALLEGATIONS = 30
ALLEGATION = 4000
WRITERS = 50
WRITER_NAME = 120
WRITER_ADDRESS = 300
WRITER_CONTACT = 120
NOTE = 4000
FINDINGS = 8000
SOURCES = 2000
SCAN_BYTES = 20 * 1024 * 1024
MATCHES = 10
