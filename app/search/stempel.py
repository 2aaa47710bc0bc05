"""pystempel's Polish stemmer, loaded fast and kept small.

pystempel reads its 2.3 MB table four bytes at a time through gzip and builds a SortedDict
and one object per cell: about 8 s and 170 MB in every process that indexes or searches
(each web worker loads it at start). Here the same table is decompressed at once and parsed
with struct into four flat arrays per trie (the 623,000 cells' letters, commands and next rows,
and where each row starts): well under a second and about 6 MB, where a dict per row and a
tuple per cell took 67 MB in every worker. Stemming itself stays pystempel's own code
(MultiTrie2 and apply_patch), so the stems are exactly the same.
"""
import gzip
import importlib.resources
import struct
from array import array

from pystempel import egothor
from pystempel.egothor import MultiTrie2, Trie

TABLE = ("pystempel.data.polimorf", "stemmer_polimorf.tbl.gz")
_INT = struct.Struct(">i")
_CELL = struct.Struct(">Hiiii")  # letter, command, count, next row, skip (Java DataOutputStream)


class CompactTrie(Trie):
    """A Trie whose rows live in flat arrays: row r's cells are letters[starts[r]:starts[r + 1]],
    each cell's command index and next row at the same place in commands and refs (-1: none)."""

    def __init__(self, forward: bool, root: int, cmds: list, letters: str, starts, commands, refs):
        super().__init__(forward=forward, root=root, cmds=cmds, rows=[])
        self.letters, self.starts, self.commands, self.refs = letters, starts, commands, refs

    def get_last_on_path(self, key):
        """pystempel's Trie.get_last_on_path on the flat rows (same walk, same result)."""
        letters, starts, commands, refs, cmds = self.letters, self.starts, self.commands, self.refs, self.cmds
        row = self.root
        if not self.forward:
            key = key[::-1]
        last = None
        for letter in key[:-1]:
            at = letters.find(letter, starts[row], starts[row + 1])
            if at < 0:
                return last
            if commands[at] >= 0:
                last = cmds[commands[at]]
            row = refs[at]
            if row < 0:
                return last
        at = letters.find(key[-1], starts[row], starts[row + 1])
        return cmds[commands[at]] if at >= 0 and commands[at] >= 0 else last


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

    def rows(self, count: int) -> tuple[str, array, array, array]:
        """(letters, starts, commands, refs) of count rows (see CompactTrie)."""
        letters, starts, commands, refs = array("H"), array("i", [0]), array("i"), array("i")
        for _ in range(count):
            for _ in range(self.int()):
                letter, command, _count, ref, _skip = _CELL.unpack_from(self.data, self.at)
                self.at += _CELL.size
                letters.append(letter)
                commands.append(command)
                refs.append(ref)
            starts.append(len(letters))
        return "".join(map(chr, letters)), starts, commands, refs


def _read_trie(reader: _Reader) -> CompactTrie:
    forward, root = reader.boolean(), reader.int()
    cmds = [reader.utf() for _ in range(reader.int())]
    return CompactTrie(forward, root, cmds, *reader.rows(reader.int()))


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
