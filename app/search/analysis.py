"""The one analysis chain of search, used to index documents and to read queries.

A text is cut into words; each word gives a few *forms* at the same position, all of
which are indexed, and any of which a query word may match:

- the folded word (lower case, Polish diacritics folded, ł → l, Cyrillic romanised with the
  Ukrainian national system): "Współpraca" → "wspolpraca", "Харків" → "kharkiv". It is the
  first form and the one phrases ("...") are matched on;
- Latin words: Polish stems from pystempel (of the word as written and of the folded word,
  so that a query typed without Polish letters stems too), the Snowball Polish stem of the
  folded word and the Snowball English stem;
- Cyrillic words: the word itself, its Ukrainian lemma (pymorphy3) with its romanisation,
  and the Snowball Russian stem;
- the canonical name of a large Ukrainian or Belarusian city for its Polish, Ukrainian,
  Belarusian, Russian or English spellings (Charków = Kharkiv = Харків).

Forms of a word are computed once and cached: the stemmers are the slow part of indexing.
"""
import os
import re
import threading

from whoosh.support.charset import accent_map

from app.translit import has_cyrillic, romanize

WORD = re.compile(r"\w+(?:['’ʼ]\w+)*")
MIN_STEM_LENGTH = 3  # pystempel fails on the empty word and mangles very short ones
MAX_WORD_LENGTH = 50  # longer "words" (hashes, base64) are cut
CACHE_LIMIT = 400_000
# English stemming only where an English ending may be cut: every other form costs index time.
ENGLISH_ENDINGS = ("s", "ed", "ing", "ly", "ment", "ness", "ation", "ity", "ive", "ful", "al", "er", "ize", "ise")

# Very frequent function words, left out of the index and of queries (compared lower-cased).
STOPWORDS = frozenset("""
a i w z o u na do ze we to się sie jest są sa oraz lub czy po za od dla the and of in is for on
with an at by or і й в у та з із на до що це як
""".split())

# Polish, Ukrainian, Belarusian, Russian and English spellings (folded, some inflected) of the
# larger Ukrainian and Belarusian cities → one canonical name (the Ukrainian national romanisation).
CITY_NAMES = {
    "kyiv": "kijow kijowa kijowie kijowem kijowowi kyiv kyieva kyievi kyievom kiev kieve kiyv kijev kyjiw",
    "kharkiv": "charkow charkowa charkowie charkowem charkowowi kharkiv kharkova kharkovi kharkovom kharkov",
    "lviv": "lwow lwowa lwowie lwowem lwowowi lviv lvova lvovi lvovom lvov lwiw",
    "odesa": "odessa odessy odessie odessa odesa odesy odesie odesi odesu odesoiu",
    "dnipro": "dniepr dnipro dnipra dnipri dniprom dniepropietrowsk dnipropetrovsk",
    "zaporizhzhia": "zaporoze zaporoza zaporozu zaporozem zaporizhzhia zaporizhzhi zaporizhzhiam zaporozhye "
                    "zaporozhe zaporozhia zaporozhie",
    "donetsk": "donieck doniecka doniecku donetsk donetska donetsku",
    "mykolaiv": "mikolajow mikolajowa mikolajowie mykolaiv mykolaieva mykolaievi nikolaev",
    "kherson": "cherson chersonia chersoniu kherson khersona khersoni",
    "chernihiv": "czernihow czernihowa czernihowie chernihiv chernihova chernihovi chernigov",
    "zhytomyr": "zytomierz zytomierza zytomierzu zhytomyr zhytomyra zhytomyri zhitomir",
    "vinnytsia": "winnica winnicy winnice vinnytsia vinnytsi vinnytsiu vinnitsa",
    "ternopil": "tarnopol tarnopola tarnopolu ternopil ternopolia ternopoli",
    "rivne": "rowne rownego rownem rivne rivnoho rovno",
    "poltava": "poltawa poltawy poltawie poltave poltava poltavy poltavi",
    "chernivtsi": "czerniowce czerniowcach czerniowiec chernivtsi chernivtsiakh chernovtsy",
    "uzhhorod": "uzhorod uzhhorod uzhhoroda uzhhorodi uzhgorod",
    "mariupol": "mariupol mariupola mariupolu mariupolia mariupoli",
    "ivano-frankivsk": "frankiwsk frankivsk frankivska",
    "minsk": "minsk minska minsku minskiem mynsk minskie minsku",
    "brest": "brzesc brzescia brzesciu brest bresta breste",
    "hrodna": "grodno grodna grodnie hrodna hrodno hrodni",
    "homel": "homel homla homlu homiel homla gomel homeli",
    "vitsebsk": "witebsk witebska witebsku vitsebsk vitebsk vitsebsku",
    "mahiliou": "mohylew mohylewa mohylewie mahiliou mahilou mogilev mohyliv",
}
_CITY_OF = {spelling: city for city, spellings in CITY_NAMES.items() for spelling in spellings.split()}

_cache: dict[str, tuple[str, ...]] = {}
_load_lock = threading.Lock()
_tools: dict = {}


def _stempel():
    """pystempel's Polish stemmer, loaded compactly (under a second) once per process, on first use."""
    if "stempel" not in _tools:
        with _load_lock:
            if "stempel" not in _tools:
                os.environ.setdefault("DISABLE_TQDM", "True")  # pystempel's import reads it
                from app.search.stempel import PolishStemmer

                _tools["stempel"] = PolishStemmer()
    return _tools["stempel"]


def _snowball(language: str):
    key = "snowball-" + language
    if key not in _tools:
        import snowballstemmer

        _tools[key] = snowballstemmer.stemmer(language)
    return _tools[key]


def _morph_uk():
    """pymorphy3's Ukrainian analyser (offline dictionaries), for lemmas of Cyrillic words."""
    if "morph" not in _tools:
        with _load_lock:
            if "morph" not in _tools:
                import pymorphy3

                _tools["morph"] = pymorphy3.MorphAnalyzer(lang="uk")
    return _tools["morph"]


def load_analysis_tools() -> None:
    """Load the stemmers now (before a rebuild forks its worker processes, which then share them)."""
    _stempel()
    for language in ("polish", "english", "russian"):
        _snowball(language)
    _morph_uk()


def fold(word: str) -> str:
    """A lower-case word without diacritics; Cyrillic romanised (Харків → kharkiv)."""
    if has_cyrillic(word):
        word = romanize(word).lower()
    return word.translate(accent_map)


def is_stopword(word: str) -> bool:
    return word in STOPWORDS


def _latin_forms(word: str, folded: str) -> list[str]:
    forms = [folded]
    if len(word) >= MIN_STEM_LENGTH and word.isalpha():
        stem = _stempel()
        # A word without Polish letters is its own folded form: one stem is enough.
        for source in (word, folded) if word != folded else (word,):
            stemmed = stem(source)
            if stemmed and len(stemmed) >= 2:
                forms.append(stemmed.lower().translate(accent_map))
        forms.append(_snowball("polish").stemWord(folded))
        if word.isascii() and word.endswith(ENGLISH_ENDINGS):
            forms.append(_snowball("english").stemWord(word))
    return forms


def _cyrillic_forms(word: str, folded: str) -> list[str]:
    forms = [folded, word]
    if len(word) >= MIN_STEM_LENGTH:
        lemma = _morph_uk().parse(word.replace("’", "'").replace("ʼ", "'"))[0].normal_form
        forms += [lemma, fold(lemma), _snowball("russian").stemWord(word)]
    return forms


def word_forms(word: str) -> tuple[str, ...]:
    """The indexed forms of one word (lower-cased), the folded word first; () for a stop word."""
    word = word[:MAX_WORD_LENGTH]  # before the look-up: a longer word was analysed, never found again
    forms = _cache.get(word)
    if forms is not None:
        return forms
    if word in STOPWORDS or len(word) < 1:
        forms = ()
    else:
        folded = fold(word)
        found = _cyrillic_forms(word, folded) if has_cyrillic(word) else _latin_forms(word, folded)
        city = _CITY_OF.get(folded)
        if city:
            found.append(city)
        forms = tuple(dict.fromkeys(form for form in found if form))
    if len(_cache) > CACHE_LIMIT:
        _cache.clear()
    _cache[word] = forms
    return forms


def words(text: str):
    """(position, start, end, lower-cased word) of each word of text, stop words included."""
    for position, match in enumerate(WORD.finditer(text or "")):
        yield position, match.start(), match.end(), match.group().lower()


def analyze(text: str):
    """(position, start, end, forms) of each word of text that is not a stop word."""
    for position, start, end, word in words(text):
        forms = word_forms(word)
        if forms:
            yield position, start, end, forms
