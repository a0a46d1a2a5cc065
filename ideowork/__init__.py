"""ideowork — 意识形态工作责任制台账与公文."""

__version__ = "0.1.0"
APP_NAME = "ideowork"
APP_TITLE = "意识形态工作责任制管理"
