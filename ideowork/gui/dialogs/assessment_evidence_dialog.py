"""Choose the records of the ledgers that bear out a score (学习活动, 舆情事项, 责任任务 …)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.errors import UserError
from ideowork.gui.dialogs.common import error_label
from ideowork.services.assessment.assessments import (
    EVIDENCE_KINDS,
    AssessmentService,
    EvidenceLink,
)

_LINK_ROLE = Qt.ItemDataRole.UserRole


class EvidenceDialog(QDialog):
    """A list per ledger, with ticks; the links ticked in any list are kept."""

    def __init__(
        self,
        service: AssessmentService,
        year: int,
        chosen: tuple[EvidenceLink, ...],
        item_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("选择佐证记录")
        self.resize(620, 480)
        self._service, self._year = service, year
        self._chosen: dict[tuple[str, str], EvidenceLink] = {(e.table, e.uid): e for e in chosen}
        self.kind = QComboBox()
        for table, label in EVIDENCE_KINDS.items():
            self.kind.addItem(label, table)
        self.records = QListWidget()
        self.message = error_label()
        about = QLabel(f"考核内容：{item_text}")
        about.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel("台账："))
        top.addWidget(self.kind, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(top)
        layout.addWidget(self.records, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.kind.currentIndexChanged.connect(self._show_kind)
        self.records.itemChanged.connect(self._ticked)
        self._show_kind()

    def _show_kind(self) -> None:
        self.records.blockSignals(True)
        self.records.clear()
        self.message.clear()
        table = str(self.kind.currentData())
        try:
            links = self._service.evidence_choices(self._year, table)
        except UserError as error:
            self.message.setText(str(error))
            links = []
        # Links chosen before whose record is gone still show, to be unticked.
        known = {(e.table, e.uid) for e in links}
        links += [e for key, e in self._chosen.items() if e.table == table and key not in known]
        for link in links:
            item = QListWidgetItem(link.label)
            item.setData(_LINK_ROLE, link)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = (link.table, link.uid) in self._chosen
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.records.addItem(item)
        if not links:
            self.records.addItem(f"{self._year}年没有{self.kind.currentText()}记录。")
        self.records.blockSignals(False)

    def _ticked(self, item: QListWidgetItem) -> None:
        link = item.data(_LINK_ROLE)
        if not isinstance(link, EvidenceLink):
            return
        if item.checkState() == Qt.CheckState.Checked:
            self._chosen[(link.table, link.uid)] = link
        else:
            self._chosen.pop((link.table, link.uid), None)

    def chosen(self) -> tuple[EvidenceLink, ...]:
        return tuple(self._chosen.values())
