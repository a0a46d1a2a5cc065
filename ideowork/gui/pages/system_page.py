"""系统: where the data lives, backups, the integrity check and the audit trail."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ideowork.db.backup import BackupError, make_backup
from ideowork.gui.messages import show_error
from ideowork.gui.models.record_table import Column, RecordTableModel
from ideowork.gui.pages.common import setup_table
from ideowork.gui.pages.font_settings import FontSettingsBox
from ideowork.services import audit
from ideowork.services.audit import AuditView
from ideowork.services.health import run_checks
from ideowork.services.registry import Services
from ideowork.services.settings import SettingsService

ACTION_LABELS = {
    "create": "新增",
    "update": "修改",
    "delete": "删除",
    "demo": "载入示例",
    "import": "导入",
    "print": "打印",
}
AUDIT_COLUMNS: list[Column[AuditView]] = [
    Column("时间", lambda a: f"{a.at:%Y-%m-%d %H:%M:%S}"),
    Column("操作", lambda a: ACTION_LABELS.get(a.action, a.action)),
    Column("内容", lambda a: a.summary),
]


class SystemPage(QWidget):
    title = "系统"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        db_file = services.db.file
        self.location = QLabel(
            f"数据库：{db_file if db_file else services.db.url.render_as_string()}"
        )
        self.location.setWordWrap(True)
        self.backup_button = QPushButton("立即备份")
        self.backup_button.setEnabled(db_file is not None)
        self.check_button = QPushButton("检查数据库")
        self.result = QLabel()
        self.result.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.check_button)
        buttons.addStretch(1)
        data_box = QGroupBox("数据与备份")
        data_layout = QVBoxLayout(data_box)
        data_layout.addWidget(self.location)
        data_layout.addLayout(buttons)
        data_layout.addWidget(self.result)

        self.audit_model: RecordTableModel[AuditView] = RecordTableModel(AUDIT_COLUMNS, self)
        self.audit_view = QTableView(self)
        self.audit_view.setModel(self.audit_model)
        setup_table(self.audit_view)
        audit_box = QGroupBox("操作记录（最近200条）")
        QVBoxLayout(audit_box).addWidget(self.audit_view)

        self.fonts = FontSettingsBox(SettingsService(services.db), self)

        layout = QVBoxLayout(self)
        layout.addWidget(data_box)
        layout.addWidget(self.fonts)
        layout.addWidget(audit_box, 1)
        self.backup_button.clicked.connect(self.backup_now)
        self.check_button.clicked.connect(self.check_now)
        self.refresh()

    def refresh(self) -> None:
        self.fonts.refresh()
        with self.services.db.session() as session:
            self.audit_model.set_records(audit.recent(session))

    def backup_now(self) -> Path | None:
        """Back up into the rotating folder; says where, or why not. Used by the menu too."""
        db_file = self.services.db.file
        if db_file is None:
            return None
        try:
            written = make_backup(db_file, reason="manual")
        except BackupError as error:
            show_error(self, error, "备份失败")
            return None
        self.result.setText(f"已备份到：{written}")
        return written

    def check_now(self) -> None:
        report = run_checks(self.services.db)
        lines = [("✔ " if item.ok else "✘ ") + item.detail for item in report.items]
        self.result.setText("\n".join(lines))
