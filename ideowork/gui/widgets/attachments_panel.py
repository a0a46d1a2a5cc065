"""佐证材料 of one record: thumbnails of its pictures, icons and names of its other files; add
(a file dialog, or files dragged in from the file manager: a USB stick, a scanner's folder),
open with the system's viewer, save elsewhere, delete (asked), and each file's kind and caption.

Copying files in, the checked copy for the viewer and the thumbnails run on the worker thread:
a 150 MB scan from a slow USB stick does not freeze the window. A record not saved yet has no
files: the panel says to save it first (`set_record` once it is saved).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QMimeData, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent, QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.errors import UserError
from ideowork.gui.messages import confirm, show_error
from ideowork.gui.tasks import Progress, run_in_background
from ideowork.services.attachments.kinds import ACCEPTED_TEXT, KIND_LABELS, PATTERNS
from ideowork.services.attachments.service import AttachmentInfo
from ideowork.services.context import Services

THUMB = 96
# Where the last file dialog was: the next one starts there (the USB stick, the scanner's
# folder), for as long as the program runs.
_last_folder: list[Path] = []


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(size // 1024, 1)} KB"


class AttachmentsPanel(QWidget):
    # The list was read again (a record chosen, files added or deleted): a tab showing the
    # count updates itself.
    changed = Signal()

    def __init__(
        self,
        services: Services,
        owner_table: str,
        record_id: int | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._service = services.attachments
        self._owner_table = owner_table
        self._uid: str | None = None
        self._items: list[AttachmentInfo] = []
        self._thumbs: dict[str, QPixmap] = {}
        self._may_change = services.runtime.may_change(self._service.module_of(owner_table))
        self.setAcceptDrops(True)

        self.note = QLabel()
        self.note.setWordWrap(True)
        self.files = QListWidget()
        self.files.setViewMode(QListWidget.ViewMode.IconMode)
        self.files.setIconSize(QSize(THUMB, THUMB))
        self.files.setGridSize(QSize(THUMB + 40, THUMB + 44))
        self.files.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.files.setMovement(QListWidget.Movement.Static)
        self.files.setWordWrap(True)
        self.files.setMinimumHeight(THUMB + 60)
        self.files.itemSelectionChanged.connect(self._selection_changed)
        self.files.itemDoubleClicked.connect(lambda _item: self.open_selected())

        self.add_button = QPushButton("添加…")
        self.add_button.setToolTip(f"可添加{ACCEPTED_TEXT}；也可把文件从文件夹拖到这里")
        self.open_button = QPushButton("打开")
        self.save_button = QPushButton("另存为…")
        self.delete_button = QPushButton("删除")
        self.kind = QComboBox()
        for code, label in KIND_LABELS.items():
            self.kind.addItem(label, code)
        self.caption = QLineEdit()
        self.caption.setPlaceholderText("说明（如：会议现场、签到表第1页）")
        self.caption.setMaxLength(200)
        self.add_button.clicked.connect(self.choose_files)
        self.open_button.clicked.connect(self.open_selected)
        self.save_button.clicked.connect(self.save_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.kind.activated.connect(self._kind_chosen)
        self.caption.editingFinished.connect(self._caption_entered)

        buttons = QHBoxLayout()
        for button in (self.add_button, self.open_button, self.save_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch()
        details = QHBoxLayout()
        details.addWidget(QLabel("类别："))
        details.addWidget(self.kind)
        details.addWidget(QLabel("说明："))
        details.addWidget(self.caption, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.files, 1)
        layout.addLayout(details)
        layout.addLayout(buttons)
        self.set_record(record_id)

    # --- which record ------------------------------------------------------------------------
    def set_record(self, record_id: int | None) -> None:
        """Show the files of the record (None: not saved yet, nothing to attach to)."""
        self._uid = (
            None if record_id is None else self._service.uid_of(self._owner_table, record_id)
        )
        self.refresh()

    @property
    def attachments(self) -> list[AttachmentInfo]:
        return list(self._items)

    def refresh(self) -> None:
        self._items = (
            [] if self._uid is None else self._service.list_for(self._owner_table, self._uid)
        )
        self.files.clear()
        for info in self._items:
            item = QListWidgetItem(self._icon(info), f"{info.file_name}\n{info.kind_label}")
            item.setToolTip(
                f"{info.file_name}（{_size_text(info.size)}）\n"
                f"{info.kind_label}{'：' + info.caption if info.caption else ''}"
            )
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            self.files.addItem(item)
        self._load_thumbnails()
        self._update_note()
        self._selection_changed()
        self.changed.emit()

    def _update_note(self) -> None:
        if self._uid is None:
            self.note.setText("保存这条记录后，即可在这里添加签到表、照片、记录等佐证材料。")
        elif not self._items:
            self.note.setText(
                "还没有佐证材料。点“添加…”选择文件，或把文件从文件夹（U 盘、扫描仪的文件夹）"
                "拖到这里。"
            )
        else:
            self.note.setText(f"佐证材料 {len(self._items)} 份。双击打开查看。")

    def _icon(self, info: AttachmentInfo) -> QIcon:
        pixmap = self._thumbs.get(info.sha256)
        if pixmap is not None:
            return QIcon(pixmap)
        style = self.style()
        if info.family == "pdf" or info.family == "office":
            return style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        return style.standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView)

    def _load_thumbnails(self) -> None:
        wanted = [i for i in self._items if i.is_image and i.sha256 not in self._thumbs]
        if not wanted:
            return
        service = self._service

        def work(_progress: Progress) -> dict[str, bytes]:
            found: dict[str, bytes] = {}
            for info in wanted:
                try:
                    data = service.thumbnail(info, THUMB * 2)
                except UserError:
                    continue  # a damaged file keeps its plain icon; opening it says why
                if data is not None:
                    found[info.sha256] = data
            return found

        run_in_background(self, work, self._show_thumbnails, progress_delay_ms=-1)

    def _show_thumbnails(self, found: dict[str, bytes]) -> None:
        for sha256, data in found.items():
            pixmap = QPixmap()
            if pixmap.loadFromData(data):
                self._thumbs[sha256] = pixmap
        for row in range(self.files.count()):
            item = self.files.item(row)
            info = self._info(item)
            if info is not None and info.sha256 in self._thumbs:
                item.setIcon(QIcon(self._thumbs[info.sha256]))

    # --- the selection -----------------------------------------------------------------------
    def _info(self, item: QListWidgetItem | None) -> AttachmentInfo | None:
        if item is None:
            return None
        wanted = item.data(Qt.ItemDataRole.UserRole)
        return next((i for i in self._items if i.id == wanted), None)

    def selected(self) -> AttachmentInfo | None:
        items = self.files.selectedItems()
        return self._info(items[0]) if items else None

    def _selection_changed(self) -> None:
        info = self.selected()
        chosen = info is not None
        self.add_button.setEnabled(self._uid is not None and self._may_change)
        self.open_button.setEnabled(chosen)
        self.save_button.setEnabled(chosen)
        for widget in (self.delete_button, self.kind, self.caption):
            widget.setEnabled(chosen and self._may_change)
        if info is not None:
            self.kind.setCurrentIndex(max(0, self.kind.findData(info.kind)))
            self.caption.setText(info.caption)
        else:
            self.caption.clear()

    # --- adding ------------------------------------------------------------------------------
    def choose_files(self) -> None:
        start = str(_last_folder[0]) if _last_folder else ""
        chosen, _ = QFileDialog.getOpenFileNames(
            self,
            "添加佐证材料",
            start,
            f"佐证材料 ({PATTERNS});;所有文件 (*)",
        )
        if chosen:
            _last_folder[:] = [Path(chosen[0]).parent]
            self.add_files([Path(name) for name in chosen])

    def add_files(self, paths: list[Path]) -> None:
        """Copy `paths` in on the worker thread (a progress bar, cancellable, for big ones)."""
        if self._uid is None or not paths:
            return
        uid, table, service = self._uid, self._owner_table, self._service

        def work(progress: Progress) -> list[AttachmentInfo]:
            return service.add(table, uid, paths, progress=progress)

        run_in_background(
            self,
            work,
            self._added,
            label="正在添加佐证材料…",
            cancellable=True,
        )

    def _added(self, added: list[AttachmentInfo]) -> None:
        self.refresh()
        for row in range(self.files.count()):
            if self._info(self.files.item(row)) in added:
                self.files.setCurrentRow(row)
        problems = [
            f"“{info.file_name}”：{problem}"
            for info in added
            if info.family == "pdf" and (problem := self._service.examine(info)) is not None
        ]
        if problems:
            QMessageBox.information(
                self,
                "佐证材料已添加",
                "已添加，但下列文件不能编入台账汇编（汇编中会列出文件名并注明原因）：\n"
                + "\n".join(problems),
            )

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._uid is not None and self._may_change and self._dropped(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._dropped(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.add_files(paths)

    @staticmethod
    def _dropped(mime: QMimeData | None) -> list[Path]:
        if mime is None or not mime.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]

    # --- opening, saving, deleting -----------------------------------------------------------
    def open_selected(self) -> None:
        info = self.selected()
        if info is None:
            return
        service = self._service
        run_in_background(
            self,
            lambda _progress: service.local_copy(info),
            lambda path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))),
            label=f"正在打开“{info.file_name}”…",
        )

    def save_selected(self) -> None:
        info = self.selected()
        if info is None:
            return
        start = (_last_folder[0] if _last_folder else Path.home()) / info.file_name
        chosen, _ = QFileDialog.getSaveFileName(self, "另存佐证材料", str(start))
        if not chosen:
            return
        service = self._service
        run_in_background(
            self,
            lambda _progress: service.save_as(info, Path(chosen)),
            lambda path: self.note.setText(f"已另存为：{path}"),
            label=f"正在保存“{info.file_name}”…",
        )

    def delete_selected(self) -> None:
        info = self.selected()
        if info is None:
            return
        if not confirm(
            self,
            f"删除佐证材料“{info.file_name}”？\n删除后不能恢复（除非用备份恢复整个数据库）。",
            "删除佐证材料",
        ):
            return
        try:
            self._service.remove(info.id, info.version)
        except UserError as error:
            show_error(self, error, "删除佐证材料")
        self.refresh()

    def _kind_chosen(self) -> None:
        info = self.selected()
        code = self.kind.currentData()
        if info is None or code == info.kind:
            return
        self._edit(lambda: self._service.set_kind(info.id, str(code), info.version))

    def _caption_entered(self) -> None:
        info = self.selected()
        if info is None or " ".join(self.caption.text().split()) == info.caption:
            return
        text = self.caption.text()
        self._edit(lambda: self._service.set_caption(info.id, text, info.version))

    def _edit(self, change: Callable[[], object]) -> None:
        row = self.files.currentRow()
        try:
            change()
        except UserError as error:
            show_error(self, error, "佐证材料")
        self.refresh()
        if 0 <= row < self.files.count():
            self.files.setCurrentRow(row)


def ask_about_attachments(
    parent: QWidget, services: Services, owner_table: str, uid: str | Sequence[str]
) -> bool | None:
    """Before a record with files is deleted: keep its files (as 未关联材料) or delete them
    with it? True: keep, False: delete them, None: the user cancelled the deletion. A record
    without files: False (nothing to ask). `uid` may name several records deleted together
    (a task with its sub-tasks): their files are counted and settled together."""
    uids = [uid] if isinstance(uid, str) else list(uid)
    count = sum(services.attachments.counts(owner_table, uids).values())
    if not count:
        return False
    whose = "这条记录" if len(uids) == 1 else f"要删除的 {len(uids)} 条记录"
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("这条记录有佐证材料" if len(uids) == 1 else "要删除的记录有佐证材料")
    box.setText(f"{whose}有 {count} 份佐证材料（签到表、照片等）。删除记录时如何处理它们？")
    box.setInformativeText(
        "保留：文件留在数据库中，作为“未关联的佐证材料”，以后可以另存或删除。\n"
        "一并删除：文件随记录删除，不能恢复（除非用备份恢复整个数据库）。"
    )
    keep = box.addButton("保留文件", QMessageBox.ButtonRole.AcceptRole)
    drop = box.addButton("一并删除", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.exec()
    clicked = box.clickedButton()
    if clicked is keep:
        return True
    if clicked is drop:
        return False
    return None


class FilesOfDeleted:
    """What to do with the files of records about to be deleted, asked before; `settle()`
    after the delete does it for each record really gone (a delete refused or cancelled
    leaves the files with their record)."""

    def __init__(
        self,
        services: Services,
        owner_table: str,
        record_id: int | Sequence[int],
        uid: str | Sequence[str | None] | None,
        keep: bool,
    ) -> None:
        self._services = services
        self._owner_table = owner_table
        ids = [record_id] if isinstance(record_id, int) else list(record_id)
        uids = [uid] if uid is None or isinstance(uid, str) else list(uid)
        self._records = list(zip(ids, uids, strict=True))
        self.keep = keep

    def settle(self) -> None:
        service = self._services.attachments
        for record_id, uid in self._records:
            if uid is None or service.uid_of(self._owner_table, record_id) is not None:
                continue
            service.detach_all(self._owner_table, uid, keep_files=self.keep)


def ask_files_of(
    parent: QWidget, services: Services, owner_table: str, record_id: int | Sequence[int]
) -> FilesOfDeleted | None:
    """Before deleting a record (or several together: a task and its sub-tasks): ask about
    their files, if they have any. None: cancelled."""
    ids = [record_id] if isinstance(record_id, int) else list(record_id)
    uids = [services.attachments.uid_of(owner_table, one) for one in ids]
    known = [uid for uid in uids if uid is not None]
    asked: str | list[str] = known[0] if len(known) == 1 else known
    keep = ask_about_attachments(parent, services, owner_table, asked) if known else False
    if keep is None:
        return None
    return FilesOfDeleted(services, owner_table, ids, uids, keep)
