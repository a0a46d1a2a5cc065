"""The binder's PDF written object by object as it goes: pages copied from other PDFs (the
binder's own text pages, archived reports, attached scans), photos placed on pages, and only
the numbers of the objects and their places in the file kept until the end.

A PDF writer that builds the whole document in memory (reportlab's canvas, pypdf's
``PdfWriter``) holds every photo until it saves. Here each object goes to the file as soon as it
is copied or made: a photo's bytes are read, written and dropped; a copied PDF's objects are
written one by one and dropped from its reader's cache, so a long scan does not sit whole in
memory either. What stays is an offset per object and a number per page: a few bytes each.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)


@dataclass(frozen=True)
class PlacedImage:
    """A JPEG placed on a page: its bytes, its size in pixels, and where (points, from the
    page's lower left corner)."""

    jpeg: bytes
    pixels: tuple[int, int]
    gray: bool
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class OutlineEntry:
    """A bookmark: its title, the page it opens (0-based), its level (0: a section)."""

    title: str
    page: int
    level: int


def _pdf_string(text: str) -> bytes:
    out = io.BytesIO()
    TextStringObject(text).write_to_stream(out)
    return out.getvalue()


class PdfStream:
    """A PDF written to ``handle`` as it is made; call ``finish`` once at the end."""

    def __init__(self, handle: BinaryIO) -> None:
        self._out = handle
        self._offsets: list[int] = [0]  # by object number; 0 is the free list's head
        self._pages: list[int] = []
        self._images = 0
        self._out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        self._pages_root = self._reserve()

    @property
    def page_count(self) -> int:
        return len(self._pages)

    # --- objects ---------------------------------------------------------------------------
    def _reserve(self) -> int:
        self._offsets.append(-1)
        return len(self._offsets) - 1

    def _begin(self, number: int) -> None:
        self._offsets[number] = self._out.tell()
        self._out.write(f"{number} 0 obj\n".encode())

    def _end(self) -> None:
        self._out.write(b"\nendobj\n")

    def _raw(self, number: int, body: bytes) -> None:
        self._begin(number)
        self._out.write(body)
        self._end()

    def _stream(self, number: int, head: bytes, data: bytes) -> None:
        self._begin(number)
        self._out.write(b"<<" + head + f"/Length {len(data)}>>\nstream\n".encode())
        self._out.write(data)
        self._out.write(b"\nendstream")
        self._end()

    # --- pages -----------------------------------------------------------------------------
    def copier(self, reader: PdfReader) -> PageCopier:
        """Copies pages of `reader` one at a time, what they share (fonts) written once."""
        return PageCopier(self, reader)

    def copy_pages(self, reader: PdfReader) -> int:
        """Every page of `reader`, in order; returns how many."""
        copier = self.copier(reader)
        for index in range(len(reader.pages)):
            copier.page(index)
        copier.close()
        return len(reader.pages)

    def _place(self, placed: Sequence[PlacedImage]) -> tuple[bytes, list[tuple[str, int]]]:
        """Write the photos' image objects and a content stream drawing them."""
        names: list[tuple[str, int]] = []
        drawing = io.BytesIO()
        for image in placed:
            self._images += 1
            name = f"BinderImage{self._images}"
            number = self._reserve()
            width, height = image.pixels
            space = "/DeviceGray" if image.gray else "/DeviceRGB"
            head = (
                f"/Type/XObject/Subtype/Image/Width {width}/Height {height}"
                f"/ColorSpace{space}/BitsPerComponent 8/Filter/DCTDecode"
            ).encode()
            self._stream(number, head, image.jpeg)
            names.append((name, number))
            drawing.write(
                f"q {image.width:.3f} 0 0 {image.height:.3f} {image.x:.3f} {image.y:.3f} cm "
                f"/{name} Do Q\n".encode()
            )
        return drawing.getvalue(), names

    def add_content_stream(self, data: bytes) -> int:
        number = self._reserve()
        self._stream(number, b"", data)
        return number

    # --- the end ---------------------------------------------------------------------------
    def finish(self, outline: Sequence[OutlineEntry] = (), title: str = "") -> None:
        """The page tree, the bookmarks, the catalogue, the cross-reference table."""
        kids = " ".join(f"{n} 0 R" for n in self._pages)
        self._raw(
            self._pages_root,
            f"<</Type/Pages/Count {len(self._pages)}/Kids[{kids}]>>".encode(),
        )
        outlines = self._outline([e for e in outline if 0 <= e.page < len(self._pages)])
        info = self._reserve()
        self._raw(
            info,
            b"<</Producer(ideowork)/Creator(ideowork)"
            + (b"/Title" + _pdf_string(title) if title else b"")
            + b">>",
        )
        catalog = self._reserve()
        extra = f"/Outlines {outlines} 0 R/PageMode/UseOutlines" if outlines else ""
        self._raw(catalog, f"<</Type/Catalog/Pages {self._pages_root} 0 R{extra}>>".encode())
        xref = self._out.tell()
        lines = [f"xref\n0 {len(self._offsets)}\n", "0000000000 65535 f \n"]
        lines += [f"{offset:010d} 00000 n \n" for offset in self._offsets[1:]]
        self._out.write("".join(lines).encode())
        self._out.write(
            f"trailer\n<</Size {len(self._offsets)}/Root {catalog} 0 R/Info {info} 0 R>>\n"
            f"startxref\n{xref}\n%%EOF\n".encode()
        )

    def _outline(self, entries: Sequence[OutlineEntry]) -> int | None:
        """Bookmarks of two levels (sections, and the records under them)."""
        if not entries:
            return None
        root = self._reserve()
        tops: list[tuple[int, OutlineEntry, list[tuple[int, OutlineEntry]]]] = []
        for entry in entries:
            number = self._reserve()
            if entry.level == 0 or not tops:
                tops.append((number, entry, []))
            else:
                tops[-1][2].append((number, entry))

        def write_level(items: Sequence[tuple[int, OutlineEntry]], parent: int) -> None:
            for position, (number, entry) in enumerate(items):
                links = f"/Parent {parent} 0 R"
                if position > 0:
                    links += f"/Prev {items[position - 1][0]} 0 R"
                if position + 1 < len(items):
                    links += f"/Next {items[position + 1][0]} 0 R"
                children = next((c for n, _, c in tops if n == number), [])
                if children:
                    links += (
                        f"/First {children[0][0]} 0 R/Last {children[-1][0]} 0 R"
                        f"/Count {-len(children)}"
                    )
                page = self._pages[entry.page]
                self._raw(
                    number,
                    b"<</Title"
                    + _pdf_string(entry.title)
                    + f"{links}/Dest[{page} 0 R/Fit]>>".encode(),
                )
                if children:
                    write_level(children, number)

        top_items = [(n, e) for n, e, _ in tops]
        write_level(top_items, root)
        self._raw(
            root,
            f"<</Type/Outlines/First {tops[0][0]} 0 R/Last {tops[-1][0]} 0 R"
            f"/Count {len(tops)}>>".encode(),
        )
        return root


class PageCopier:
    """Copies pages of one source PDF, every object they use once, renumbered."""

    def __init__(self, stream: PdfStream, reader: PdfReader) -> None:
        self.stream = stream
        self.reader = reader
        self.numbers: dict[int, int] = {}  # source object number → ours
        self.pending: list[IndirectObject] = []
        # Pages a link or an annotation reached before (or without) being copied themselves.
        self.unwritten_pages: set[int] = set()

    def page(self, index: int, images: Sequence[PlacedImage] = ()) -> None:
        """Add page `index` of the source as the stream's next page, `images` placed on it."""
        reference = self.reader.pages[index].indirect_reference
        if reference is None:
            number = self.stream._reserve()
        else:
            number = self.numbers.get(reference.idnum) or self.stream._reserve()
            self.numbers[reference.idnum] = number
            self.unwritten_pages.discard(number)
        self.write_page(index, number, self.stream._place(images))
        self.stream._pages.append(number)

    def close(self) -> None:
        """Pages that were pointed at but not copied become nothing (a null object)."""
        for number in sorted(self.unwritten_pages):
            self.stream._raw(number, b"null")
        self.unwritten_pages.clear()

    def _number(self, reference: IndirectObject) -> int:
        number = self.numbers.get(reference.idnum)
        if number is None:
            number = self.numbers[reference.idnum] = self.stream._reserve()
            self.pending.append(reference)
        return number

    def write_page(
        self, index: int, number: int, placed: tuple[bytes, list[tuple[str, int]]]
    ) -> None:
        # Flattened by pypdf: attributes inherited from the page tree are on the page itself.
        page = self.reader.pages[index]
        drawing, names = placed
        body = io.BytesIO()
        body.write(b"<<")
        for key, value in page.items():
            if key in ("/Parent", "/Contents", "/Resources"):
                continue
            body.write(_name(key))
            body.write(b" ")
            self._write(value, body)
        body.write(f"/Parent {self.stream._pages_root} 0 R".encode())
        body.write(b"/Contents")
        self._write_contents(page.get("/Contents"), drawing, body)
        body.write(b"/Resources")
        self._write_resources(page.get("/Resources"), names, body)
        body.write(b">>")
        self.stream._raw(number, body.getvalue())
        self._drain()

    def _write_contents(self, contents: PdfObject | None, drawing: bytes, out: BinaryIO) -> None:
        parts: list[PdfObject] = []
        if contents is not None:
            resolved = contents.get_object()
            parts = list(resolved) if isinstance(resolved, ArrayObject) else [contents]
        if drawing:
            # The page's own drawing in a q … Q pair, so its state does not move the photos.
            opened = self.stream.add_content_stream(b"q\n")
            closed = self.stream.add_content_stream(b"\nQ\n" + drawing)
            out.write(f"[{opened} 0 R ".encode())
            for part in parts:
                self._write(part, out)
                out.write(b" ")
            out.write(f"{closed} 0 R]".encode())
            return
        out.write(b"[")
        for part in parts:
            self._write(part, out)
            out.write(b" ")
        out.write(b"]")

    def _write_resources(
        self, resources: PdfObject | None, names: list[tuple[str, int]], out: BinaryIO
    ) -> None:
        if not names:
            if resources is None:
                out.write(b"<<>>")
            else:
                self._write(resources, out)
            return
        found = resources.get_object() if resources is not None else None
        merged = dict(found.items()) if isinstance(found, DictionaryObject) else {}
        xobjects = merged.pop("/XObject", None)
        out.write(b"<<")
        for key, value in merged.items():
            out.write(_name(key) + b" ")
            self._write(value, out)
        out.write(b"/XObject<<")
        own = xobjects.get_object() if xobjects is not None else None
        if isinstance(own, DictionaryObject):
            for key, value in own.items():
                out.write(_name(key) + b" ")
                self._write(value, out)
        for name, number in names:
            out.write(f"/{name} {number} 0 R".encode())
        out.write(b">>>>")

    def _drain(self) -> None:
        """Write every object the page reached, each once, then forget it."""
        while self.pending:
            reference = self.pending.pop()
            number = self.numbers[reference.idnum]
            obj = self.reader.get_object(reference.idnum)
            if obj is None:
                self.stream._raw(number, b"null")
                continue
            if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/Page":
                # Written when it is copied as a page (never with its source's page tree).
                self.unwritten_pages.add(number)
                continue
            body = io.BytesIO()
            if isinstance(obj, StreamObject):
                data = obj._data
                head = io.BytesIO()
                for key, value in obj.items():
                    if key == "/Length":
                        continue
                    head.write(_name(key) + b" ")
                    self._write(value, head)
                self.stream._stream(number, head.getvalue(), data)
            else:
                self._write(obj, body)
                self.stream._raw(number, body.getvalue())
            # pypdf keeps every object it read: drop this one (a scan's pages are megabytes).
            self.reader.resolved_objects.pop((reference.generation, reference.idnum), None)

    def _write(self, value: PdfObject, out: BinaryIO) -> None:
        if isinstance(value, IndirectObject):
            out.write(f"{self._number(value)} 0 R".encode())
        elif isinstance(value, StreamObject):
            # A stream can only be an indirect object; a direct one (malformed) is dropped.
            out.write(b"null")
        elif isinstance(value, DictionaryObject):
            out.write(b"<<")
            for key, item in value.items():
                if key == "/Parent" and value.get("/Type") in ("/Pages", "/Page"):
                    continue
                out.write(_name(key) + b" ")
                self._write(item, out)
            out.write(b">>")
        elif isinstance(value, ArrayObject):
            out.write(b"[")
            for item in value:
                self._write(item, out)
                out.write(b" ")
            out.write(b"]")
        else:
            value.write_to_stream(out)


def _name(key: str) -> bytes:
    out = io.BytesIO()
    NameObject(key).write_to_stream(out)
    return out.getvalue()
