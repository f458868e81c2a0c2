"""Reader of Ofsted's inspection report PDFs (one report -> one Report record).

Pure: reads a file, returns a frozen record or raises ReportRefused; nothing is stored.
"""

from api.importer.reports.model import FieldworkBlock, Report, ReportRefused
from api.importer.reports.names import ReportAuthorities
from api.importer.reports.reader import read_report

__all__ = ["FieldworkBlock", "Report", "ReportAuthorities", "ReportRefused", "read_report"]
