"""pystempel's Polish stemmer, loaded fast and kept small.

pystempel reads its 2.3 MB table four bytes at a time through gzip and builds a SortedDict
and one object per cell: about 8 s and 170 MB in every process that indexes or searches
(each web worker, on its first commit or search). Here the same table is decompressed at
once and parsed with struct into one plain dict per row ({letter: (command, next row)}),
which takes well under a second and a fraction of the memory. Stemming itself stays
pystempel's own code (MultiTrie2 and apply_patch), so the stems are exactly the same.
"""
import gzip
import importlib.resources
import struct

from pystempel import egothor
from pystempel.egothor import MultiTrie2, Trie

TABLE = ("pystempel.data.polimorf", "stemmer_polimorf.tbl.gz")
_NO_CELL = (-1, -1)
_INT = struct.Struct(">i")
_CELL = struct.Struct(">Hiiii")  # letter, command, count, next row, skip (Java DataOutputStream)


class CompactTrie(Trie):
    """A Trie whose rows are dicts {letter: (command index, next row index)}."""

    def get_last_on_path(self, key):
        """pystempel's Trie.get_last_on_path on compact rows (same walk, same result)."""
        rows, cmds = self.rows, self.cmds
        now = rows[self.root]
        if not self.forward:
            key = key[::-1]
        last = None
        for letter in key[:-1]:
            command, ref = now.get(letter, _NO_CELL)
            if command >= 0:
                last = cmds[command]
            if ref < 0:
                return last
            now = rows[ref]
        command, _ref = now.get(key[-1], _NO_CELL)
        return cmds[command] if command >= 0 else last


class _Reader:
    """Java DataInputStream values read from bytes in memory."""

    def __init__(self, data: bytes):
        self.data, self.at = data, 0

    def boolean(self) -> bool:
        self.at += 1
        return self.data[self.at - 1] != 0

    def int(self) -> int:
        (value,) = _INT.unpack_from(self.data, self.at)
        self.at += 4
        return value

    def utf(self) -> str:
        length = int.from_bytes(self.data[self.at:self.at + 2], "big")
        self.at += 2 + length
        return self.data[self.at - length:self.at].decode("utf-8")

    def row(self) -> dict:
        cells = {}
        for _ in range(self.int()):
            letter, command, _count, ref, _skip = _CELL.unpack_from(self.data, self.at)
            self.at += _CELL.size
            cells[chr(letter)] = (command, ref)
        return cells


def _read_trie(reader: _Reader) -> CompactTrie:
    forward, root = reader.boolean(), reader.int()
    cmds = [reader.utf() for _ in range(reader.int())]
    rows = [reader.row() for _ in range(reader.int())]
    return CompactTrie(forward=forward, root=root, cmds=cmds, rows=rows)


def load_table(data: bytes) -> MultiTrie2:
    """The stemming trie of an uncompressed pystempel table (a MultiTrie2 of compact tries)."""
    reader = _Reader(data)
    method = reader.utf().upper()
    if "M" not in method:
        raise ValueError(f"unsupported stemmer table kind {method!r}")
    multi = MultiTrie2(forward=reader.boolean())
    multi.BY = reader.int()
    multi.tries = [_read_trie(reader) for _ in range(reader.int())]
    return multi


class PolishStemmer:
    """stem(word) -> stem or None, as pystempel's Stemmer.__call__."""

    def __init__(self):
        table = importlib.resources.files(TABLE[0]) / TABLE[1]
        self.trie = load_table(gzip.decompress(table.read_bytes()))

    def __call__(self, word: str) -> str | None:
        patch = self.trie.get_last_on_path(word)
        if patch is None:
            return None
        letters = list(word)
        egothor.apply_patch(letters, patch)
        return "".join(letters) if letters else None
