"""公文: draft a report from a template, edit it, make DOCX and PDF, preview, print, archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont, QStandardItem, QStandardItemModel
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ideowork.documents.markup import MarkupError
from ideowork.domain.errors import UserError
from ideowork.domain.periods import Period
from ideowork.gui.dialogs.conflict_dialog import delete_checked
from ideowork.gui.failures import show_failure
from ideowork.gui.messages import confirm, show_error
from ideowork.gui.models.record_table import Column, RecordTableModel
from ideowork.gui.pages.common import setup_table
from ideowork.gui.printing import print_pdf
from ideowork.gui.restrictions import restrict
from ideowork.gui.tasks import Operation, run_in_background
from ideowork.gui.widgets.attachments_panel import AttachmentsPanel, ask_files_of
from ideowork.paths import documents_dir
from ideowork.services.context import Services
from ideowork.services.ledgers.sentiment import CaseQuery
from ideowork.services.reports.archive import ArchivedDocument
from ideowork.services.reports.drafting import Draft, MadeReport
from ideowork.services.reports.templates import TEMPLATE_GROUPS, TEMPLATES, template_spec

# A per-record template's chooser lists at most this many records of the period.
MAX_RECORDS_LISTED = 1_000

ARCHIVE_COLUMNS: list[Column[ArchivedDocument]] = [
    Column("文号", lambda d: d.doc_number or ""),
    Column("标题", lambda d: d.title),
    Column("期间", lambda d: d.period),
    Column("生成时间", lambda d: f"{d.created_at:%Y-%m-%d %H:%M}"),
    Column("打印时间", lambda d: f"{d.printed_at:%Y-%m-%d %H:%M}" if d.printed_at else "未打印"),
]


MARKUP_HELP = """<p>草稿分两部分，中间用一行 <b>---</b> 隔开：</p>
<p><b>上面是字段</b>，每行“字段：内容”，如 文号、标题、主送、署名、日期（2020-09-09）、
抄送、印发机关、印发日期、签发人。</p>
<p><b>下面是正文</b>：</p>
<ul>
<li><b># 标题</b> 一级标题，自动编号为“一、”；<b>## </b>二级“（一）”；<b>### </b>三级“1.”；
<b>#### </b>四级“（1）”。编号由程序生成，不要自己写。</li>
<li><b>+ 文字</b> 接在上一个标题后面、同一段中的正文。</li>
<li>其他每一行是一个自然段，首行缩进两字由程序排版。</li>
<li><b>1. 条目</b> 编号列表；<b>| 甲 | 乙 |</b> 表格的一行（第一行为表头）。</li>
<li><b>[附件] 标题</b> 另起一页的附件；<b>[附文] 标题</b> 随文印发或上报的方案、报告。</li>
<li><b>【待填写：说明】</b> 尚需补充的内容，打印前会提示。</li>
</ul>"""


def template_chooser() -> QComboBox:
    """The templates under their groups (报告, 方案与要点, 通报与总结, 台账与表格): each group a
    bold heading that cannot be chosen, its templates indented below it; an item's data is
    its template's id (a heading's is None), its tooltip the template's description."""
    box = QComboBox()
    model = QStandardItemModel(box)
    groups = [g for g in TEMPLATE_GROUPS if any(t.group == g for t in TEMPLATES)]
    for group in groups:
        heading = QStandardItem(group)
        heading.setFlags(Qt.ItemFlag.NoItemFlags)  # neither chosen nor reached by the arrow keys
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        model.appendRow(heading)
        for spec in TEMPLATES:
            if spec.group == group:
                item = QStandardItem("\u3000" + spec.name)  # indented under its heading
                item.setData(spec.id, Qt.ItemDataRole.UserRole)
                item.setToolTip(spec.description)
                model.appendRow(item)
    box.setModel(model)
    box.setCurrentIndex(box.findData(TEMPLATES[0].id))
    return box


class DocumentsPage(QWidget):
    title = "公文"
    shows = frozenset({"generated_document"})

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.reports = services.reports
        self.made: MadeReport | None = None
        self.subject, self.personal = "", False  # the record of a per-record template
        self.operation: Operation[Any] | None = None  # the last background job (tests wait on it)

        self.template = template_chooser()
        self.period = QLineEdit(str(Period.quarter_before(services.today())))
        self.period.setPlaceholderText("如 2020Q3、2020H1、2020")
        self.period.setMaximumWidth(120)
        # For a per-record template (签到表, 会议记录, 处置单): which record of the period.
        self.record_label = QLabel("对象：")
        self.record = QComboBox()
        self.record.setMinimumWidth(280)
        self.record.setMaximumWidth(420)
        self.record.setPlaceholderText("请选择")
        self.draft_button = QPushButton("生成草稿")
        self.make_button = QPushButton("保存并生成 DOCX、PDF")
        self.print_button = QPushButton("打印…")
        self.folder_button = QPushButton("打开所在文件夹")
        self.help_button = QPushButton("格式说明")
        self.binder_button = QPushButton("台账汇编…")
        self.binder_button.setToolTip("把一个季度、半年或全年的台账和佐证材料编成一个可打印的 PDF")
        for button in (self.make_button, self.print_button, self.folder_button):
            button.setEnabled(False)
        self.editor = QPlainTextEdit()
        self.editor.setFont(QFont(self.editor.font().family(), 11))
        self.editor.setPlaceholderText("选择模板和期间后点“生成草稿”，草稿在此可直接修改。")
        self.messages = QLabel()
        self.messages.setWordWrap(True)
        self.pdf = QPdfDocument(self)
        self.preview = QPdfView(self)
        self.preview.setPageMode(QPdfView.PageMode.MultiPage)  # SinglePage grabs blank offscreen
        self.preview.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.preview.setDocument(self.pdf)

        controls = QHBoxLayout()
        for widget in (
            QLabel("模板："),
            self.template,
            QLabel("期间："),
            self.period,
            self.record_label,
            self.record,
            self.draft_button,
            self.make_button,
            self.print_button,
            self.folder_button,
        ):
            controls.addWidget(widget)
        controls.addStretch(1)
        controls.addWidget(self.binder_button)
        editor_box = QWidget()
        editor_layout = QVBoxLayout(editor_box)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addWidget(self.editor, 1)
        editor_layout.addWidget(self.messages)
        splitter = QSplitter()
        splitter.addWidget(editor_box)
        splitter.addWidget(self.preview)
        splitter.setSizes([520, 480])
        drafting = QWidget()
        drafting_layout = QVBoxLayout(drafting)
        drafting_layout.addLayout(controls)
        drafting_layout.addWidget(splitter, 1)

        self.archive_model: RecordTableModel[ArchivedDocument] = RecordTableModel(
            ARCHIVE_COLUMNS, self
        )
        self.archive_view = QTableView()
        self.archive_view.setModel(self.archive_model)
        setup_table(self.archive_view)
        self.tabs = QTabWidget()
        self.tabs.addTab(drafting, "起草")
        self.tabs.addTab(self._archive_tab(), "归档")
        QVBoxLayout(self).addWidget(self.tabs)

        self.draft_button.clicked.connect(self.make_draft)
        self.make_button.clicked.connect(self.make_files)
        self.print_button.clicked.connect(self.print_document)
        self.folder_button.clicked.connect(self.open_folder)
        self.binder_button.clicked.connect(self.open_binder)
        self.help_button.clicked.connect(
            lambda: QMessageBox.information(self, "公文草稿的写法", MARKUP_HELP)
        )
        self.archive_view.doubleClicked.connect(lambda index: self.reopen(index.row()))
        self.template.activated.connect(lambda _index: self._template_chosen())
        self.period.editingFinished.connect(self._fill_records)
        self.record.activated.connect(lambda _index: self._record_chosen())
        self._fill_records()
        restrict(self.services, "documents", self.make_button)
        self.refresh()

    def _archive_tab(self) -> QWidget:
        """The archive's list above, the chosen document's 佐证材料 (the signed original's
        scan, the meeting's minutes) below."""
        self.reopen_button = QPushButton("打开到编辑区")
        self.delete_button = QPushButton("从归档中删除…")
        self.evidence = AttachmentsPanel(self.services, "generated_document", None)
        self.evidence_box = QGroupBox("所选公文的佐证材料")
        QVBoxLayout(self.evidence_box).addWidget(self.evidence)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reopen_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(buttons)
        lower_layout.addWidget(self.evidence_box, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.archive_view)
        splitter.addWidget(lower)
        splitter.setSizes([420, 300])
        self.archive_view.selectionModel().selectionChanged.connect(
            lambda *_args: self._archived_chosen()
        )
        self.reopen_button.clicked.connect(self._reopen_selected)
        self.delete_button.clicked.connect(self.delete_archived)
        restrict(self.services, "documents", self.delete_button)
        self._archived_chosen()
        return splitter

    def selected_archived(self) -> ArchivedDocument | None:
        rows = self.archive_view.selectionModel().selectedRows()
        return self.archive_model.record(rows[0].row()) if rows else None

    def _archived_chosen(self) -> None:
        document = self.selected_archived()
        self.evidence.set_record(document.id if document else None)
        self.evidence_box.setTitle(
            f"佐证材料：{document.title}" if document else "所选公文的佐证材料"
        )
        self.reopen_button.setEnabled(document is not None)
        self.delete_button.setEnabled(document is not None)
        if document is None:
            self.evidence.note.setText("在上面的列表中选择一份公文，这里显示它的佐证材料。")

    def _reopen_selected(self) -> None:
        rows = self.archive_view.selectionModel().selectedRows()
        if rows:
            self.reopen(rows[0].row())

    def delete_archived(self) -> None:
        """Take the chosen document out of the archive, asking first, and about its files."""
        document = self.selected_archived()
        if document is None:
            return
        number = f"（{document.doc_number}）" if document.doc_number else ""
        if not confirm(
            self,
            f"从归档中删除“{document.title}”{number}吗？\n"
            "已生成的 DOCX、PDF 文件仍留在原文件夹中"
            + ("，文号将空出，可由以后的公文使用。" if number else "。")
            + "删除后不能撤销。",
            "删除归档的公文",
        ):
            return
        files = ask_files_of(self, self.services, "generated_document", document.id)
        if files is None:
            return
        archive = self.services.archive
        try:
            title = delete_checked(self, lambda v: archive.delete(document.id, v), document.version)
            files.settle()
        except UserError as error:
            show_error(self, error)
            title = None
        self.refresh()
        if title is not None:
            self.messages.setText(f"已从归档中删除：{title}")

    def refresh(self) -> None:
        chosen = self.selected_archived()
        documents = self.services.archive.documents()
        self.archive_model.set_records(documents)
        self.tabs.setTabText(1, f"归档（{len(documents)}）")
        # The chosen document stays chosen (its files stay shown) across a reload.
        row = next((i for i, d in enumerate(documents) if chosen and d.id == chosen.id), None)
        if row is not None:
            self.archive_view.selectRow(row)
        else:
            self._archived_chosen()

    def start_draft(
        self, template_id: str, period: str, subject: str = "", personal: bool = False
    ) -> Operation[Draft] | None:
        """Draft a template for a period, or for one record (`subject`, its uid) — the other
        pages ask for their printouts this way (舆情台账 → 舆情台账, 处置单)."""
        self.template.setCurrentIndex(self.template.findData(template_id))
        self.period.setText(period)
        self.subject, self.personal = subject, personal
        self._fill_records()
        self.tabs.setCurrentIndex(0)
        return self.make_draft()

    def _template_chosen(self) -> None:
        """Another template chosen by hand: the record a per-record draft was for no longer
        applies."""
        self.subject, self.personal = "", False
        self._fill_records()

    def _subject_kind(self) -> str:
        return template_spec(str(self.template.currentData())).subject

    def _fill_records(self) -> None:
        """List the period's records for a per-record template, the current one chosen."""
        kind = self._subject_kind()
        self.record_label.setVisible(bool(kind))
        self.record.setVisible(bool(kind))
        self.record.clear()
        if not kind:
            return
        try:
            period = self._period()
        except UserError:
            return
        chosen_id = None
        if kind == "session":
            if self.subject:
                chosen_id = self.services.sessions.id_of(self.subject)
            for view in self.services.studies.sessions_in(period)[:MAX_RECORDS_LISTED]:
                name = view.meeting_name or view.kind_label
                self.record.addItem(f"{view.held_on:%m月%d日} {name}：{view.topic}", view.id)
        else:
            if self.subject:
                chosen_id = self.services.cases.id_of(self.subject)
            ids = self.services.sentiment.case_ids(CaseQuery(period=period))
            for case in self.services.sentiment.cases_by_ids(ids[:MAX_RECORDS_LISTED]):
                self.record.addItem(f"{case.case_no} {case.title}", case.id)
        self.record.setCurrentIndex(self.record.findData(chosen_id) if chosen_id else -1)

    def _record_chosen(self) -> None:
        record_id = self.record.currentData()
        if record_id is None:
            self.subject = ""
        elif self._subject_kind() == "session":
            self.subject = self.services.sessions.detail(int(record_id)).uid
        else:
            self.subject = self.services.cases.detail(int(record_id)).uid

    def reopen(self, row: int) -> None:
        """Bring an archived document back into the editor, as it was last saved."""
        document = self.archive_model.record(row)
        self.template.setCurrentIndex(self.template.findData(document.template))
        self.subject = document.subject
        self.period.setText(document.period)
        self._fill_records()
        self.editor.setPlainText(document.markup)
        self.make_button.setEnabled(True)
        if document.pdf_path and Path(document.pdf_path).is_file():
            self.pdf.load(document.pdf_path)
        self.messages.setText(f"已打开归档的公文：{document.title}。修改后点“保存并生成”。")
        self.tabs.setCurrentIndex(0)

    def _period(self) -> Period:
        return Period.parse(self.period.text())

    def make_draft(self) -> Operation[Draft] | None:
        """Draft from the template with the ledgers' figures, off the GUI thread."""
        template = str(self.template.currentData())
        subject, personal = self.subject, self.personal
        try:
            period = self._period()
        except UserError as error:
            show_error(self, error)
            return None

        def show(draft: Draft) -> None:
            self.editor.setPlainText(draft.markup)
            self.make_button.setEnabled(True)
            self.messages.setText(
                f"草稿：{draft.title}"
                + (f"（{draft.doc_number}）" if draft.doc_number else "")
                + "。可直接修改正文，再点“保存并生成”。"
            )

        self.operation = run_in_background(
            self,
            lambda _progress: self.reports.draft(
                template, period, subject=subject, personal=personal
            ),
            show,
            label="正在起草…",
        )
        return self.operation

    def make_files(self) -> Operation[MadeReport] | None:
        """Render DOCX and PDF and archive them, off the GUI thread: the window keeps painting."""
        template, markup = str(self.template.currentData()), self.editor.toPlainText()
        subject, personal = self.subject, self.personal
        try:
            period = self._period()
        except UserError as error:
            show_error(self, error)
            return None
        self.make_button.setEnabled(False)  # one save at a time

        def made(report: MadeReport) -> None:
            self.made = report
            self.pdf.load(str(report.files["pdf"]))
            notes = [str(issue) for issue in report.issues] or ["印前检查通过。"]
            self.messages.setText("已保存并归档。" + " ".join(notes))
            self.print_button.setEnabled(True)
            self.folder_button.setEnabled(True)
            self.refresh()

        def failed(error: Exception) -> None:
            title = "公文文本有误" if isinstance(error, MarkupError) else "无法完成操作"
            show_failure(self, error, title)

        self.operation = run_in_background(
            self,
            lambda _progress: self.reports.make(
                template,
                period,
                documents_dir(),
                markup=markup,
                subject=subject,
                personal=personal,
            ),
            made,
            on_failure=failed,
            label="正在生成公文（DOCX、PDF）…",
        )
        self.operation.finished.connect(lambda: self.make_button.setEnabled(True))
        return self.operation

    def print_document(self) -> None:
        if self.made is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() and print_pdf(self.pdf, printer):
            self.services.archive.mark_printed(self.made.archive_id)
            self.refresh()

    def open_binder(self) -> None:
        from ideowork.gui.dialogs.binder_dialog import BinderDialog

        BinderDialog(self.services, self).exec()

    def open_folder(self) -> None:
        if self.made is not None:
            folder = Path(next(iter(self.made.files.values()))).parent
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
