"""Reports: one self-contained HTML file per question (see report.html)."""
