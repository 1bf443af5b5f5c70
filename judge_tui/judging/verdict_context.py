"""What the words around a number say about it: the numbers judges write, whether a number or
a marker sits in a refusal, a quote, a count, a list or another scale, the winner a phrase
names, and how agreeing or disagreeing readings settle (docs/verdicts.md). Every reader of a
verdict format uses these, so each rule is written once."""

from __future__ import annotations

import itertools
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from judge_tui.judging.scores import Score, fmt_score
from judge_tui.judging.verdict import AnswerNo, Draft, SpanData, Winner

# --- numbers --------------------------------------------------------------------------------

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
    "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
}  # fmt: skip
# A whole number may end in a half or a quarter ("3½" is 3.5); one followed by another vulgar
# fraction ("3⅓") is no number here, and never its digits alone ("Score: 3½" had read 3). Each
# form ends where its digits do: "13½" is never a 1.
NUM = (
    r"(?:\d+(?:\.\d+)?(?![\d½¼¾⅐-⅞↉])|\d+[½¼¾](?![\d½¼¾⅐-⅞↉])|[０-９]+(?:[.．][０-９]+)?"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|[一二两三四五六七八九十])"
)
NA = re.compile(r"^(?:n\s*/\s*a|na|none|不适用|无|無|該当なし|—|-)$", re.IGNORECASE)


_DECIMAL = re.compile(r"\d+(?:\.\d+)?")
_VULGAR = {"½": 0.5, "¼": 0.25, "¾": 0.75}
_VULGAR_HALF = re.compile(r"(?<![\d.])(\d+)([½¼¾])")
_FRACTION = re.compile(r"(\d+(?:\.\d+)?)\s*/\s*(\d+)")  # "3/5" inside a marker


def parse_number(text: str, max_score: int | None = None) -> Score | None:
    """A score written as digits (ASCII or full-width), a decimal, a word, or N/M; else None.
    With `max_score`, an N/M whose M is another scale is None: "4/10" is not a 4 out of 5."""
    if text.isascii() and text.isdigit():  # most markers: read at once, as below would
        return int(text)
    # "3½" is 3.5 (NFKC would make it "31⁄2")
    text = _VULGAR_HALF.sub(lambda m: f"{int(m.group(1)) + _VULGAR[m.group(2)]}", text)
    t = unicodedata.normalize("NFKC", text).strip().lower().rstrip("分点.。")
    if t in _WORD_NUMBERS:
        return _WORD_NUMBERS[t]
    if _DECIMAL.fullmatch(t):
        value = float(t)
        return int(value) if value.is_integer() else value
    match = _FRACTION.fullmatch(t)
    if match:
        if max_score is not None and int(match.group(2)) != max_score:
            return None
        value = float(match.group(1))
        return int(value) if value.is_integer() else value
    return None


# Markdown's struck-out text: what the judge took back ("Rating: ~~5~~ 3").
_STRUCK = re.compile(r"~~(?=\S)[^~\n]{1,80}?(?<=\S)~~")


# The typographic apostrophe between letters ("won’t", "I’d", "answer’s"), as many models write
# it: the reader's patterns spell the straight one, and "I won’t give it a 5" had been read as 5.
# Between two letters it is no closing quote (a straight one there is none either, see
# `Clauses.straight_quotes_before`).
_TYPOGRAPHIC_APOSTROPHE = re.compile(r"(?<=\w)[\u2019\u02bc](?=\w)")


def plain_apostrophes(text: str) -> str:
    """`text` with each typographic apostrophe between letters made straight: one character
    for one, so every position is where it was."""
    if "\u2019" not in text and "\u02bc" not in text:
        return text
    return _TYPOGRAPHIC_APOSTROPHE.sub("'", text)


def struck_out(text: str) -> str:
    """`text` with what Markdown strikes out blanked, each character a space: the positions of
    the rest are unchanged, so what is read is highlighted where it is."""
    if "~~" not in text:
        return text
    return _STRUCK.sub(lambda struck: " " * len(struck.group()), text)


# A reasoning model's deliberation, which opens its reply (DeepSeek-R1, Qwen3 and others write it
# in <think> tags; a cut-off one has no end): the scores it weighs there are not its verdict. A
# tag further on is text ("the answer printed a literal <think>").
_THINKING = re.compile(r"\A\s*<think>.*?(?:</think>|\Z)", re.IGNORECASE | re.DOTALL)


def thinking_end(text: str) -> int:
    """Where the reply proper starts: after the <think> block that opens it (the text's end
    when the block is never closed), or 0."""
    if "<think" not in text and "<THINK" not in text:
        return 0
    match = _THINKING.match(text)
    return match.end() if match else 0


# A run of white space longer than any look around a number (the longest, list_number's, is
# beside the point: it only ever sets a reading aside). Patterns with white space on both sides
# of an optional part take time in the square of such a run: "Score: 4" and 4,000 spaces took
# 1.2 s, 64,000 would take minutes; a hostile service must not stall a collect that way.
_LONG_WHITE_SPACE = re.compile(r"\s{257,}")
_KEPT_WHITE_SPACE = 256


class Shortened:
    """`original` with every run of white space cut to its first 256 characters, and where each
    of its positions is in the original text (which starts `offset` characters into the
    stored text). A run whose line break is among the characters cut keeps one as its last
    character: what follows starts a line, as it did ("1. Accuracy [[3]]", 9,000 tabs, a line
    break and "Summary: [[4]]" had been read as one criterion line)."""

    def __init__(self, original: str, offset: int = 0) -> None:
        self.offset = offset
        self._cuts: list[int] = []  # a position in `text` where a run was cut short
        self._removed: list[int] = []  # the characters removed up to that cut
        parts: list[str] = []
        at = removed = 0
        for run in _LONG_WHITE_SPACE.finditer(original):
            kept_end = run.start() + _KEPT_WHITE_SPACE
            kept = original[at:kept_end]
            if not kept.endswith("\n") and original.find("\n", kept_end, run.end()) != -1:
                kept = kept[:-1] + "\n"  # the same length: positions map as before
            parts.append(kept)
            removed += run.end() - kept_end
            self._cuts.append(kept_end - (removed - (run.end() - kept_end)))
            self._removed.append(removed)
            at = run.end()
        self.text = original if not parts else "".join(parts) + original[at:]

    def where(self, position: int) -> int:
        """The position in the stored text of a position in `text`."""
        index = bisect_right(self._cuts, position)
        return self.offset + position + (self._removed[index - 1] if index else 0)


# --- what a number's neighbours say about it --------------------------------------------------

# "I won't give it a 5", "不能给出分数", "点数はつけられません": a number in a refusal is no score.
_NEGATION = re.compile(
    r"(?:\b(?:won'?t|will\s+not|wouldn'?t|would\s+not|can'?t|cannot|can\s+not|could\s+not"
    r"|couldn'?t|not\s+going\s+to|refuse\s+to|unable\s+to|decline\s+to|do\s+not|don'?t)\s+"
    r"(?:\w+\s+){0,3}(?:give|assign|award|rate|score|grade|call|consider|deem|put|peg)"
    r"|\bneither\b|\bnot\s+(?:a|an)\s+(?=\S*\d)"
    r"|不(?:能|会|予|宜)?(?:给|打|评)|无法(?:给|打|评)|拒绝(?:给|打|评)"
    r"|(?:つけ|付け|与え|評価し|評価でき)(?:られ)?ません)",
    re.IGNORECASE,
)
# The judge saying it cannot judge at all: the reason given when no score is found.
REFUSAL = re.compile(
    r"outside (?:of )?what i can (?:evaluate|judge|assess)|i (?:cannot|can't|am unable to) "
    r"(?:evaluate|judge|assess|score|rate)|无法(?:评估|评价|评判|打分)|評価できません",
    re.IGNORECASE,
)
# A quoted marker: "the answer claims [[回复2更好]]", "the answer's own 'overall score: [[5]]'".
_QUOTE_CUE = re.compile(
    r"\b(?:claims?|claimed|says|said|states|stated|writes|wrote|quotes?|quoted|asserts?"
    # "the answer's own 'score: 5'" is quoted; "my own overall score" is the judge's.
    # "ignoring that, I regard [[…]]" ignores what came before, not the marker after it.
    r"|(?:ignore|ignoring)(?!\s+(?:that|this|it|them|those)\b)|(?<!my )(?<!our )own"
    r"|suggests?|labels?\s+itself)\b"
    # someone else's view, supposed: "Some would say Answer 1 is better", "one might argue for a
    # 5", "the user might think …" ("I would say" is the judge's own)
    r"|(?<![Ii] )(?<![Ww]e )\b(?:would|might|could|may)\s+(?:say|think|argue|feel|claim)\b"
    # the answer's view of itself: "its self-rating is 5", "rates itself a 5", "回复的自评"
    r"|\bself-?(?:rat|assess|scor|evaluat|grad)\w*|\b(?:rates?|rated|scores?|scored|grades?)\s+itself\b"
    r"|自评|自我评分|自己評価|自己採点"
    # "回答称学生得了4分": what the answer says
    r"|(?:回答|回复|答案|模型)中?(?:称|说|提到|表示)"
    # the format the prompt asked for, echoed: "Example format: [[A>B]]", "e.g. [[4]]", "for
    # example [[5]]" (not an example the answer lacks: "better with an example, but …")
    r"|\bexamples?\b[^.\n:：]{0,16}[:：]|\bfor[ \t]+example\b|\be\.g\.|\bformat[ \t]*[:：]"
    r"|例如|例えば"
    r"|声称|自称|写道|写着|(?<!我)(?<!我们)自己的|忽略|自身の|と主張|と書い|無視",
    re.IGNORECASE,
)
_QUOTE_PAIRS = {'"': '"', "“": "”", "‘": "’", "「": "」", "『": "』", "'": "'", "«": "»"}
_ANY_CLOSER = re.compile("[\"”’」』'»]")
# A count or an ordinal is no score: "第4点", "3个要点", "the 4th point", "4 of the criteria".
_ORDINAL_BEFORE = re.compile(r"(?:第|No\.\s*|#)\s*$", re.IGNORECASE)
COUNT_AFTER = re.compile(
    r"\s*(?:st|nd|rd|th)\b|\s*(?:个|個|つ|项|項|条|條|处|點|方面)"
    # "5段階中3", "5級": the number of levels, not a score
    r"|\s*(?:段階|級)"
    # "5点満点", "10分制", "a 5-point scale": the scale, not a score on it
    r"|\s*点?満点|\s*分制|\s*-?point\s+scale"
    # "4 of the criteria", "3 of 5 examples"
    r"|\s*(?:of\s+(?:(?:the|its|these|my)\s+)?(?:\d+\s+)?)?"
    r"(?:criteria|criterion|aspects?|items?|points?\s+(?:of|in)"
    r"|requirements?|issues|reasons|ways|steps|problems|sentences|paragraphs|errors|mistakes"
    r"|questions|parts|facts|claims|examples"
    # "gets 2 things right": nouns that count and never score (not points, stars, marks)
    r"|things|details|cases|tests|bugs|lines|words|typos|topics|concepts|ideas|sections"
    r"|arguments|sources|citations|functions|options|units|fields|keys)\b",
    re.IGNORECASE,
)
# A hedge: "3 or 4", "between 3 and 4", "3-4", "3到4分": no one score is given.
# A scale written after a number, as the hedges look past it: "4/5, or 5/5 if …".
_WRITTEN_SCALE = r"(?:\s*(?:/|out\s+of)\s*\d+)?"
_HEDGE_AFTER = re.compile(
    r"\s*(?:or|to|and|–|-|~|～|或|到|至|か)\s*\d"
    # another offered after a comma: "4, or 5 if the user wanted brevity", "4，或5分"
    rf"|{_WRITTEN_SCALE}\s*[分点]?\s*[,，]\s*(?:or|或)\s*(?:a\s+|an\s+)?\d"
    # a bound: "4+", "4-" (written against the number, not "4 - good")
    r"|[+\-−](?![\w.])"
    r"|\s*[,;]?\s*(?:or\s+)?(?:maybe|perhaps|possibly|也许|或许|可能)\s+(?:even\s+)?(?:a\s+|an\s+)?\d",
    re.IGNORECASE,
)
# Before the number: a range's first end ("4～5", "3 to 4"), a bound (">3", not a tag's
# "<score>3"), an approximation ("~4", "about 4", "约4分") or a leaning ("leaning to 3",
# "倾向于3分") or a guess ("maybe 4"): no one score is given.
_HEDGE_BEFORE = re.compile(
    r"(?:between|from|介于|在)\s*$|\d\s*(?:or|to|–|-|~|～|或|到|至|か)\s*$"
    # the other one offered after a comma: the 5 of "4, or 5", "4分，或5分"
    rf"|\d{_WRITTEN_SCALE}\s*[分点]?\s*[,，]\s*(?:or|或)\s*(?:an?\s+)?$"
    r"|(?:(?<![\w\"'\]\-=])[<>]|[≤≥~～]|\b(?:about|around|approximately|roughly)\s|约|大约|大概"
    r"|およそ|約|倾向于?|\bleaning\s+(?:towards?|to)\s+(?:an?\s+)?"
    # a guess: "Final score: maybe 4", "也许4分"
    r"|\b(?:maybe|perhaps|possibly)\s+(?:even\s+)?(?:an?\s+)?|也许|或许)\s*$",
    re.IGNORECASE,
)


def hedged(text: str, start: int, end: int, since: int = 0) -> bool:
    """No one score is given: a range, a bound, an approximation or a leaning around the
    number, looked for before it from `since` on (past an answer's own number: in "Answer 1 -
    2/5" the 1 names the answer and makes no range)."""
    return bool(_HEDGE_AFTER.match(text, end)) or bool(
        _HEDGE_BEFORE.search(text[max(since, start - 24) : start])
    )


# A line that names what it scores: "Accuracy: 5/5" scores a criterion, not the answer.
_LINE_LABEL = re.compile(r"[ \t]*(?:[-*•+][ \t]*)?\**([^\n:：\d]{1,40}?)\**[ \t]*[:：]")
# Or a name of one to three words and a dash set apart by spaces: "Accuracy — 2/5" ("The
# answer is fine — 4/5" is a sentence, not a label).
_DASH_LABEL = re.compile(
    r"[ \t]*(?:[-*•+][ \t]*)?\**((?!(?:is|are|was|were)\b)[^\W\d_][\w()&/]*"
    r"(?:[ \t]+(?!(?:is|are|was|were)\b)[^\W\d_][\w()&/]*){0,2})\**[ \t]+[—–-][ \t]",
    re.IGNORECASE,
)
_SCORE_LABEL = re.compile(
    r"score|rating|grade|verdict|result|final|overall|total|points|marks|assessment|evaluation"
    r"|judg(?:e)?ment|评分|打分|得分|分数|总分"
    r"|总评|综合|总体|整体"
    r"|评价|评估|最终|評価|スコア|点数|総合|合計|得点|採点|評点"
    # the answer's quality as a whole: "Quality of the answer: 2/5", "回答质量：2/5"
    r"|(?:answer|response)\s+quality|quality\s+of\s+the\s+(?:answer|response)|回答质量|回复质量"
    r"|回答の質|回答の品質"
    # a phrase that sums up, not a criterion: "As it stands: 3/5", "Bottom line: 4", "总之：4分"
    r"|as\s+it\s+stands|bottom\s+line|in\s+short|in\s+sum|in\s+summary|in\s+conclusion|all\s+in\s+all"
    r"|to\s+sum\s+up|on\s+balance|my\s+take|tl;\s*dr|总之|总的来说|综上|结论|まとめ|結論"
    # the criteria's average ("Average: 4"), not a criterion ("Meaningfulness: 4" is one)
    r"|\b(?:average|mean)\b|平均",
    re.IGNORECASE,
)


def criterion_line_label(clauses: Clauses, at: int) -> str | None:
    """The label of the line (or sentence) holding `at` when it names something other than the
    score and the number follows it at once ("Accuracy" in "Accuracy: 5/5"); None on a score's
    own line, a line without a label, or prose after a label ("My evaluation: it merits a 4")."""
    text = clauses.text
    line_start = clauses.line_start(at)
    # Each sentence of "Overall: 4/5. Accuracy: 5/5." has its label: it is looked for from the
    # start of the clause holding `at`, a bounded way back (a label is short).
    label_start = line_start
    for stop in _CLAUSE_STOP.finditer(text, max(line_start, at - 64), at):
        label_start = stop.end()
    match = _LINE_LABEL.match(text, label_start) or _DASH_LABEL.match(text, label_start)
    if match is None or match.end() > at or text[match.end() : at].strip(" \t*_[(") != "":
        return None
    label = match.group(1).strip()
    return None if not label or _SCORE_LABEL.search(label) else label


# "4/10" or "4 out of 10" after a number: a scale, to be checked against ours. On the same line:
# in "[[1]] /\n1. Relevance" the 1 after the line break numbers a list.
_SCALE_AFTER = re.compile(r"^[ \t]*(?:/|out\s+of|分?满分|점\s*만점|of)[ \t]*(\d+)", re.IGNORECASE)


# Where a clause ends: a sentence's stop (with the space after it in Latin text) or a line break.
_CLAUSE_STOP = re.compile(r"[.!?;] |[。！？；\n]")


_LINE_BREAK = re.compile("\n")
_BLOCK_QUOTE_LINE = re.compile(r"^[ \t]*>", re.MULTILINE)


class Clauses:
    """Where clauses start in one text, and whether it can hold a refusal at all: asked for
    each marker and number the reader weighs, so each answer is found once."""

    # Words every negation the reader knows contains, in lowercase: a text with none of them
    # holds none ("wont" and "cant" are the ones spelled without an apostrophe).
    _NEGATION_WORDS = ("n't", "not", "wont", "wouldnt", "cant", "couldnt", "dont", "neither",
                       "refuse", "unable", "decline", "不", "无法", "拒绝", "ません")  # fmt: skip

    def __init__(self, text: str) -> None:
        self.text = text
        # The text in lowercase, for the quick tests of which words it holds (the reader's
        # prose patterns use it too). Where it holds a letter that matches an ASCII one only
        # when case is ignored (the dotted and dotless i, the long s, the Kelvin sign), the
        # quick tests here say "maybe".
        self.lowered = text.lower()
        self._folds = _FOLDS_TO_ASCII.search(text) is not None
        self.may_negate = self._folds or any(word in self.lowered for word in self._NEGATION_WORDS)
        self._may_suppose: bool | None = None
        self._starts: dict[int, int] = {}
        self._line_starts: list[int] | None = None
        self._straight_quotes: dict[str, list[int]] = {}
        self._backticks: list[int] | None = None
        self._may_block_quote: bool | None = None

    @property
    def may_block_quote(self) -> bool:
        """Whether a line opens with ">": a Markdown block quote needs one. Looked for once,
        when a marker's quotes are first asked about."""
        if self._may_block_quote is None:
            self._may_block_quote = _BLOCK_QUOTE_LINE.search(self.text) is not None
        return self._may_block_quote

    def line_start(self, at: int) -> int:
        """Where the line holding `at` begins: found by bisection in the line starts, read
        once, as a search back for the line break took time in the line's length for each
        number of a long one-line verdict."""
        if self._line_starts is None:
            self._line_starts = [0, *(m.end() for m in _LINE_BREAK.finditer(self.text))]
        return self._line_starts[bisect_right(self._line_starts, at) - 1]

    @property
    def backticks(self) -> list[int]:
        """Where the text's backticks are (Markdown's inline code), found once."""
        if self._backticks is None:
            self._backticks = [tick.start() for tick in _BACKTICK.finditer(self.text)]
        return self._backticks

    def straight_quotes_before(self, char: str, start: int) -> int:
        """How many straight quotes (`"` or `'`) open or close on the line before `start`:
        counted from positions found once, as a long one-line verdict has many markers. An
        apostrophe between letters ("answer's") is none."""
        found = self._straight_quotes.get(char)
        if found is None:
            text = self.text
            found = [
                at
                for at in (m.start() for m in re.finditer(re.escape(char), text))
                if not (
                    0 < at < len(text) - 1 and text[at - 1].isalnum() and text[at + 1].isalnum()
                )
            ]
            self._straight_quotes[char] = found
        return bisect_right(found, start - 1) - bisect_right(found, self.line_start(start) - 1)

    @property
    def may_suppose(self) -> bool:
        """Whether the text holds a word a supposition needs ("if", "unless", "had", 如果…):
        a text without one holds none, and its markers' clauses need not be read for one."""
        if self._may_suppose is None:
            self._may_suppose = (
                _SUPPOSE_WORDS.search(self.text) is not None
                if self._folds
                else _said_word(self.lowered, _SUPPOSE_WORD_ENDS)
                or _SUPPOSE_CJK.search(self.text) is not None
            )
        return self._may_suppose

    def start_of(self, at: int, limit: int = 200) -> int:
        """Where the clause holding `at` begins (at most `limit` characters back): after the
        last sentence stop or line break before it."""
        key = at * 1024 + limit
        found = self._starts.get(key)
        if found is None:
            low = max(0, at - limit)
            found = low
            for match in _CLAUSE_STOP.finditer(self.text, low, at):
                found = match.end()
            self._starts[key] = found
        return found


# A turn after a refusal: what follows is said, not refused ("I won't give it a 5, but it earns
# a 4", "I wouldn't call it a 5, more like a 4", "不能给5分，但可以给4分").
_TURN = re.compile(r"\b(?:but|however|rather|instead|more\s+like)\b|但|而是|不过", re.IGNORECASE)
# Japanese puts the refusal after the number: "1 点をつけられません".
_NEGATION_AFTER = re.compile(r"\s*点?\s*(?:を|は)?\s*(?:つけ|付け|与え|出せ|出し)(?:られ)?ません")


def negated(clauses: Clauses, at: int, end: int | None = None) -> bool:
    if not clauses.may_negate:
        return False
    text = clauses.text
    if end is not None and "ません" in text and _NEGATION_AFTER.match(text, end):
        return True
    return any(
        _TURN.search(text, refusal.end(), at) is None
        for refusal in _NEGATION.finditer(text, clauses.start_of(at), at)
    )


def quoted(clauses: Clauses, start: int, end: int) -> bool:
    """A marker quoted from something else: inside a pair of quotes on its line, after a word
    such as "claims" or "ignore" in its clause, or on a Markdown block-quote line."""
    text = clauses.text
    # A Markdown block quote ("> Overall score: [[5]]") holds someone else's words.
    if clauses.may_block_quote and text[clauses.line_start(start) : start].lstrip(" \t")[:1] == ">":
        return True
    clause = clauses.start_of(start)
    # The cue must be right before the marker: "states" further back in the clause is prose
    # about the answer ("1. Accuracy: the answer states the date correctly [[5]]").
    if _QUOTE_CUE.search(text, max(clause, start - 32), start):
        return True
    # Quotes close around it: a whole sentence in quotes is the judge's own words quoted.
    after = text[end : end + 12]
    if "`" in after and _in_code(clauses, start, end):
        return True
    if not _ANY_CLOSER.search(after):
        return False  # most markers: nothing closes after them
    after = after.split("\n", 1)[0]
    # Looked for on its line, not only in its clause: a quote holds its own sentence stops
    # ('The format is "Feedback: ... [RESULT] 5"').
    before = text[max(clauses.line_start(start), start - 80) : start]
    for opener, closer in _QUOTE_PAIRS.items():
        if closer not in after:
            continue
        if opener == closer:
            # A straight quote: inside one when an odd number of them come before it on its
            # line ('"X" is wrong. Overall score: [[4]] ("good")' is outside both).
            if clauses.straight_quotes_before(opener, start) % 2 == 1:
                return True
            continue
        at = before.rfind(opener)
        if at != -1 and closer not in before[at + 1 :]:
            return True
    return False


_CODE_SPAN_MAX = 32


def _in_code(clauses: Clauses, start: int, end: int) -> bool:
    """Inside a short Markdown inline code span with words around it: "the code prints
    `Score: 5`" is the code's output. A code span that holds the number alone ("Score: `4`"),
    or is its line alone ("`Score: 4`"), is the judge's own way of writing it. Found from the
    text's backticks, listed once: a long line of them is asked about for each number."""
    text, ticks = clauses.text, clauses.backticks
    line_start = clauses.line_start(start)
    before = bisect_left(ticks, start)
    if (before - bisect_left(ticks, line_start)) % 2 == 0:
        return False  # not inside a span opened on its line
    after = bisect_left(ticks, end)
    if after == len(ticks):
        return False
    opened, closed = ticks[before - 1], ticks[after]
    if closed - opened > _CODE_SPAN_MAX or "\n" in text[end:closed]:
        return False  # a sentence set in code type, not code, or not closed on its line
    if _DECORATION.fullmatch(text, line_start, opened) and _DECORATION_TO_LINE_END.match(
        text, closed + 1
    ):
        return False  # the line is the code span alone: the judge's verdict, so written
    return any(char.isalpha() for char in text[opened + 1 : start] + text[end:closed])


_BACKTICK = re.compile("`")
_DECORATION = re.compile(r"[ \t*_.]*")
_DECORATION_TO_LINE_END = re.compile(r"[ \t*_.]*(?:\n|\Z)")


# A reading the judge sets aside in the words after it: "a [[10]] would not be appropriate",
# "[[9]] is reserved for complete answers", "[[5]] would be too generous".
_DISCLAIMED_AFTER = re.compile(
    r"[\"'”’」』]?[ \t]*(?:would|will|is|was|seems?|does)(?:[ \t]+(?:not|n't)|n't)[ \t]+"
    r"(?:be[ \t]+)?(?:appropriate|warranted|justified|deserved|fair|apply|right|fit)"
    r"|[\"'”’」』]?[ \t]*(?:is|are)[ \t]+reserved[ \t]+for"
    # a level described, not given: "a score of 5 requires a flawless answer"
    r"|[\"'”’」』]?[ \t]*(?:requires|would[ \t]+require)\b"
    r"|[\"'”’」』]?[ \t]*would[ \t]+be[ \t]+too[ \t]+(?:generous|harsh|high|low)",
    re.IGNORECASE,
)
# A reading the judge only supposes: "If B had cited sources I would say [[B>A]]".
# "If forced to choose", "if I had to put a number on it": a choice made, not supposed.
_FORCED = (
    r"(?![ \t]+(?:(?:i[ \t]+(?:am|was|were)[ \t]+|i'm[ \t]+)?(?:forced|made|pressed|pushed|asked)"
    r"[ \t]+to|(?:i|we)[ \t]+(?:had|have|must|were)[ \t]+to)\b)"
)
_SUPPOSED = re.compile(
    rf"\b(?:if{_FORCED}|unless|had\s+(?:it|the|this|they|assistant))\b[^.!?\n]*"
    r"(?:\b(?:would|could|might)\b"
    r"|[’']d\b)"
    # "如果…会/就": a condition and what would follow; "如果按10分制" alone states a scale.
    r"|(?:如果|假如|若是|要是)[^。！？\n]*?(?:会|就|应该|可以|能)|もし[^。！？\n]*?(?:なら|たら|れば)"
    # Japanese says the condition with the verb's ending: "点数をつけるなら4点ですが"
    r"|(?:なら|ならば|たら|れば)[、,]?[ \t]*(?:\[\[)?\Z",
    re.IGNORECASE,
)
# "if the user had asked for brevity, [[A]] would be right": the condition before, "would" after.
_IF_BEFORE = re.compile(rf"\b(?:if{_FORCED}|unless)\b", re.IGNORECASE)
_WOULD_AFTER = re.compile(r"[ \t]*(?:would|could|might)\b", re.IGNORECASE)
# A reading that opens with its own mood: "If it were shorter, I'd pick Answer 2".
_MOOD_AT = re.compile(r"[ \t]*(?:i|we)(?:'d|[ \t]+(?:would|could|might))\b", re.IGNORECASE)
# Another marker offered as an alternative: "giving it [[4]] or [[8]]".
# A list of them, as a prompt's options echoed: "[[A>>B]], [[A>B]], [[A=B]]".
# ("[[3]] / [[4]]": one over the other, or one or the other, is no one score)
_ALTERNATIVE = re.compile(r"[ \t]*(?:or|and|to|vs\.?|/|或|到|か|,|，|、)[ \t]*\[\[", re.IGNORECASE)
_ALTERNATIVE_BEFORE = re.compile(
    r"\]\][ \t]*(?:or|and|to|vs\.?|/|或|到|か|,|，|、)[ \t]*$", re.IGNORECASE
)


_SUPPOSE_WORDS = re.compile(
    r"\b(?:if|unless|had|were)\b|如果|假如|若是|要是|もし|なら|たら|れば", re.IGNORECASE
)
# The same test in two quicker parts, for a text in lowercase: Python's engine tries a pattern
# that opens with \b and ignores case at every position (45 µs on a 1 KB verdict, a fifth of
# reading one in a collect); one that opens with its words jumps between them (7 µs).
_SUPPOSE_WORD_ENDS = re.compile(r"(?:if|unless|had|were)\b")
_SUPPOSE_CJK = re.compile(r"如果|假如|若是|要是|もし|なら|たら|れば")
# Letters that match an ASCII letter when case is ignored but are not one in lowercase.
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")


def _said_word(lowered: str, ends: re.Pattern[str]) -> bool:
    """Whether one of the words `ends` finds starts a word of `lowered` (its \\b after them;
    the one before, checked here)."""
    for match in ends.finditer(lowered):
        at = match.start()
        if at == 0 or not (lowered[at - 1].isalnum() or lowered[at - 1] == "_"):
            return True
    return False


_SUPPOSED_AFTER = re.compile(r"[ \t]*,?[ \t]*(?:if|unless|were\s+it|had\s+it)\b", re.IGNORECASE)


_MOOD_BEFORE = re.compile(r"\b(?:would|could|might)\b", re.IGNORECASE)


def supposed(clauses: Clauses, start: int, end: int, *, if_after_needs_mood: bool = False) -> bool:
    """Only supposed: "if B had cited sources I would say [[B>A]]", "[[A]] if it were shorter".
    With `if_after_needs_mood`, an "if" after it counts only after a "would" before it: "I would
    lower it to [[3]] if it had errors" is supposed, "[[4]] if we ignore the typo" is given."""
    if not clauses.may_suppose:
        return False
    text = clauses.text
    clause = clauses.start_of(start)
    if_after = _SUPPOSED_AFTER.match(text, end) is not None and (
        not if_after_needs_mood or _MOOD_BEFORE.search(text, clause, start) is not None
    )
    return (
        _SUPPOSED.search(text, clause, start) is not None
        or if_after
        or (
            (_WOULD_AFTER.match(text, end) is not None or _MOOD_AT.match(text, start) is not None)
            and _IF_BEFORE.search(text, clause, start) is not None
        )
    )


def disclaimed(text: str, end: int) -> bool:
    """The words after the number set it aside: "[[5]] is not appropriate here", "a 5 would be
    too generous", "a score of 5 requires a flawless answer"."""
    return _DISCLAIMED_AFTER.match(text, end) is not None


def alternative(text: str, start: int, end: int) -> bool:
    """The marker is one of two or more weighed side by side: "I weighed [[2]] and [[4]]"."""
    return (
        _ALTERNATIVE.match(text, end) is not None
        or _ALTERNATIVE_BEFORE.search(text[max(0, start - 12) : start]) is not None
    )


def set_aside(clauses: Clauses, start: int, end: int) -> bool:
    """A marker of a verdict format that is not the judge's reading: quoted, in a refusal,
    disclaimed by the words after it, only supposed, or one of two alternatives weighed."""
    text = clauses.text
    return (
        quoted(clauses, start, end)
        or negated(clauses, start, end)
        or disclaimed(text, end)
        or supposed(clauses, start, end)
        or alternative(text, start, end)
    )


# A run of criteria each given a number, with no overall among them: "accuracy 4, clarity 3",
# "正確性 4、網羅性 3". Its numbers score the criteria, whatever score word comes before.
_CRITERIA_PAIR = re.compile(
    r"([^\W\d_][^\W\d]{1,24})[ \t]*[:：=]?[ \t]*(\d+(?:\.\d+)?)"
    r"(?:[ \t]*(?:/|out[ \t]+of)[ \t]*\d+)?",
    re.IGNORECASE,
)
_RUN_JOIN = re.compile(r"[ \t]*[,;、，；][ \t]*(?:and[ \t]+|以及|和)?")


# Words before a number that make it the judge's verb or a hedge, not a criterion's name:
# "I rate it 4, clarity 3" gives the answer a 4.
_NOT_CRITERIA = frozenset({
    "it", "is", "this", "that", "was", "be", "as", "at", "of", "to", "an", "gets", "get", "got",
    "give", "gives", "gave", "rate", "rates", "rated", "deserves", "earns", "merits", "maybe",
    "perhaps", "about", "around", "with", "by", "than", "and", "or", "为", "是", "给",
})  # fmt: skip


def criteria_numbers(text: str) -> frozenset[int]:
    """Where the numbers of criteria runs start: two or more "name number" pairs joined by
    commas or semicolons, whose names are not a score word ("Overall 4, accuracy 5" keeps 4)."""
    starts: set[int] = set()
    pairs = [
        pair for pair in _CRITERIA_PAIR.finditer(text) if pair.group(1).lower() not in _NOT_CRITERIA
    ]
    for first, second in itertools.pairwise(pairs):
        if not _RUN_JOIN.fullmatch(text, first.end(), second.start()):
            continue
        for pair in (first, second):
            if not _SCORE_LABEL.search(pair.group(1)):
                starts.add(pair.start(2))
    return frozenset(starts)


def count_or_ordinal(text: str, start: int, end: int) -> bool:
    return bool(_ORDINAL_BEFORE.search(text[max(0, start - 4) : start])) or bool(
        COUNT_AFTER.match(text, end)
    )


def other_scale(text: str, end: int, max_score: int) -> bool:
    match = _SCALE_AFTER.match(text[end : end + 24])
    return match is not None and int(match.group(1)) != max_score


# After a number, these make it a point of a scale being explained, not a score: "5分为完美",
# "a 5 means flawless", "1 stands for off-topic", "5 is the best".
_SCALE_POINT_AFTER = re.compile(
    r"[ \t]*(?:分|点|points?)?[ \t]*(?:为|表示|代表|意味着|means?\b|indicates?\b"
    r"|stands[ \t]+for\b|is[ \t]+(?:the[ \t]+)?(?:best|worst|highest|lowest)\b)",
    re.IGNORECASE,
)


# "a score 2 answer would skip the details": a kind of answer described, not this one scored.
_KIND_OF_ANSWER_AFTER = re.compile(
    r"[ \t]*(?:-[ \t]*)?(?:points?[ \t]+|level[ \t]+)?(?:response|answer)s?[ \t]+"
    r"(?:would|will|should|must|might|could|typically|usually|generally)\b",
    re.IGNORECASE,
)


def not_one_score(text: str, end: int) -> bool:
    """The number is not a score by itself: a point of a scale being explained ("5分为完美", "a
    score 2 answer would skip the details"), or the first of a pair written with a comma and no
    space ("Score: 4,5": a decimal comma, or two numbers; either way no reader can tell which)."""
    if text[end : end + 1] in (",", "，") and text[end + 1 : end + 2].isdigit():
        return True
    return (
        _SCALE_POINT_AFTER.match(text, end) is not None
        or _KIND_OF_ANSWER_AFTER.match(text, end) is not None
    )


# A number run into other characters is part of something else, or malformed: "2.5.0",
# "2e3", "1_9", "1,9/10", "-1+9/10", "3⅓" (a half or a quarter is read with its number: NUM), a
# scale that is no whole number ("2.5/10.5", "1/10/10").
# "2.5/10.0" keeps its scale: a whole number written with a decimal zero.
_MALFORMED_AFTER = re.compile(
    r"[.,_:'eE+\-]\d|[½¼¾⅐-⅞↉]"
    r"|[ \t]*/[ \t]*\d+(?!\.0+(?!\d|\.\d))(?:[.,_:'eE+\-]\d|[ \t]*/[ \t]*\d)"
)
_MALFORMED_BEFORE = re.compile(r"\d[.,_:'+\-/eE]?\Z")


def malformed_number(text: str, start: int, end: int) -> bool:
    """The number at start..end is not a whole number of its own (_MALFORMED_AFTER)."""
    return (
        _MALFORMED_AFTER.match(text, end) is not None
        or _MALFORMED_BEFORE.search(text, max(0, start - 2), start) is not None
    )


_LEVEL_WORD_BEFORE = re.compile(r"(?:score|rating|grade|level|分数|得分)[ \t]*\Z", re.IGNORECASE)
_LEVEL_SAID_AFTER = re.compile(r"[ \t]*[:：=][ \t]*[^\W\d_]")


def rubric_level(text: str, start: int, end: int) -> bool:
    """A level of a rubric being set out: "Score 5: fully correct. Score 1: wrong." (the number
    before the colon, what it means after); "Score: 5" gives a score."""
    return (
        _LEVEL_SAID_AFTER.match(text, end) is not None
        and _LEVEL_WORD_BEFORE.search(text, max(0, start - 12), start) is not None
    )


def list_number(text: str, start: int, end: int) -> bool:
    """ "Score:\\n1. Accuracy…\\n2. …": the 1 is the first item of a list, not a score."""
    if end >= len(text) or text[end] not in ".、．)）":
        return False
    raw = unicodedata.normalize("NFKC", text[start:end])
    if not raw.isdigit():
        return False
    following = f"{int(raw) + 1}{text[end]}"
    return f"\n{following}" in text[end : end + 2000] or f" {following} " in text[end : end + 400]


_ANSWER_LATIN = r"answer|response|assistant"
_ANSWER_CJK = r"回复|回答|答案|応答|解答"
ANSWER_WORD = rf"(?:{_ANSWER_LATIN}|{_ANSWER_CJK})"
# The same, a Latin word starting a word (CJK has no word boundary mid-sentence: "我认为回复2").
ANSWER_WORD_AT_START = rf"(?:\b(?:{_ANSWER_LATIN})|{_ANSWER_CJK})"
ANSWER_REF = re.compile(
    rf"{ANSWER_WORD}\s*(?:#|no\.?\s*|_)?([12１２一二])",
    re.IGNORECASE,
)
_TIE = re.compile(
    r"equivalent|equal|a tie|\btie\b|the same|equally"
    r"|一样|相同|相当|持平|平局|同样|不分上下|同等|引き分け|互角",
    re.IGNORECASE,
)
_BETTER = re.compile(
    r"better|superior|wins|preferred|更好|更优|较好|更佳|胜|優れ|良い|方が", re.IGNORECASE
)
_WORSE = re.compile(r"worse|inferior|更差|较差|劣", re.IGNORECASE)


def answer_no(text: str) -> AnswerNo | None:
    """The answer a number or an ordinal names: "1", "２", "二", "first", "second", "the
    former", "the latter"."""
    digit = unicodedata.normalize("NFKC", text).lower()
    if digit in ("1", "一", "first", "former", "a"):
        return 1
    if digit in ("2", "二", "second", "latter", "b"):
        return 2
    return None


def winner_value(raw: str) -> Winner | None:
    """The winner a verdict field holds (a JSON value, a tag's text): "Answer 1", "2", "B",
    "tie", "C" (MT-bench's tie); else None."""
    winner = parse_winner(raw) or parse_winner(f"answer {raw}")
    if winner is None and raw.strip().upper() in ("A", "B", "C"):
        winner = {"A": 1, "B": 2, "C": "tie"}[raw.strip().upper()]  # type: ignore[assignment]
    return winner


def parse_winner(inner: str) -> Winner | None:
    """The winner a phrase names: "Answer 1 is better", "回复2更好", "equivalent"; else None."""
    if _TIE.search(inner):
        return "tie"
    refs = ANSWER_REF.findall(inner)
    if not refs:
        return None
    answer = answer_no(refs[0])
    if answer is None:
        return None
    if _WORSE.search(inner):
        return 2 if answer == 1 else 1
    if _BETTER.search(inner) or ANSWER_REF.fullmatch(inner.strip()):
        return answer
    return None


def winner_name(winner: Winner) -> str:
    return "a tie" if winner == "tie" else f"Answer {winner}"


def implied_winner(scores: dict[str, Score]) -> Winner:
    one, two = scores["1"], scores["2"]
    return "tie" if one == two else (1 if one > two else 2)


def _lost_every_criterion(v: Draft) -> str:
    """With no overall scores, the criteria the named winner scores lower on, when that is every
    criterion scored for both answers ("Accuracy: Answer 1 [[2]], Answer 2 [[5]]" then "Answer 1
    is better"), said as "Accuracy: 2 for Answer 1, 5 for Answer 2"; else "". One criterion won
    or level keeps the named winner: the judge may weigh the criteria as it likes."""
    by_name: dict[str, dict[int, Score]] = {}
    for criterion in v.criteria:
        score = criterion["score"]
        if criterion["answer"] in (1, 2) and isinstance(score, int | float):
            by_name.setdefault(criterion["name"], {})[criterion["answer"]] = score
    pairs = {name: (s[1], s[2]) for name, s in by_name.items() if len(s) == 2}
    if not pairs:
        return ""
    for one, two in pairs.values():
        named, other = (one, two) if v.winner == 1 else (two, one)
        if named >= other:
            return ""
    return "; ".join(
        f"{name}: {fmt_score(one)} for Answer 1, {fmt_score(two)} for Answer 2"
        for name, (one, two) in pairs.items()
    )


def settle_pairwise(v: Draft) -> None:
    """Readable when a winner or both answers' scores were found, unless they contradict each
    other: then both readings are the reason and neither is shown as the winner."""
    if v.winner is not None and len(v.answer_scores) == 2:
        implied = implied_winner(v.answer_scores)
        if implied != v.winner:
            one, two = fmt_score(v.answer_scores["1"]), fmt_score(v.answer_scores["2"])
            v.reason = (
                f"the verdict names {winner_name(v.winner)} as the winner but scores Answer 1 "
                f"{one} and Answer 2 {two}, which makes {winner_name(implied)} the winner"
            )
            v.parsed = False
            return
    if v.winner in (1, 2) and len(v.answer_scores) < 2 and (lost := _lost_every_criterion(v)):
        v.reason = (
            f"the verdict names {winner_name(v.winner)} as the winner but scores it lower on "
            f"every criterion it scores both answers on ({lost})"
        )
        v.parsed = False
        return
    if v.winner is None and len(v.answer_scores) == 2:
        # Both answers scored and no winner named: the higher score is the winner, as anyone
        # reading the scores would say (no span: no words of the judge name it).
        v.winner = implied_winner(v.answer_scores)
    if v.winner is not None:
        v.parsed = True
    elif not v.reason:
        v.reason = "no winner and not both answers' overall scores were found"


def agreed(
    values: Sequence[tuple[Score, SpanData | None]], what: str
) -> tuple[Score, SpanData | None] | str:
    """The value every reading agrees on, with the last one's span (a closing summary repeats
    the score), or the sentence that says they disagree."""
    distinct = sorted({fmt_score(value) for value, _ in values}, key=float)
    if len(distinct) > 1:
        return f"the verdict states different {what} ({' and '.join(distinct)})"
    return values[-1]


def agreed_winner(
    readings: Sequence[tuple[Winner, SpanData | None]],
) -> tuple[Winner, SpanData | None] | str:
    """The winner every reading names, with the last one's span, or the sentence that says the
    verdict names more than one."""
    distinct = {winner for winner, _ in readings}
    if len(distinct) > 1:
        names = " and ".join(sorted(winner_name(w) for w in distinct))
        return f"the verdict names more than one winner ({names})"
    return readings[-1]


def score_in_scale(draft: Draft, raw: str, where: str) -> Score | None:
    """`raw` as a score on the draft's 1..max scale, else None. A number on another scale or out
    of range is noted among the ambiguities and rejected, never rescaled or clamped."""
    value = parse_number(raw, draft.max_score)
    if value is None:
        if parse_number(raw) is not None:
            draft.ambiguities.append(
                f"{where}: {raw} is on another scale than 1..{draft.max_score}; ignored"
            )
        return None
    if not 1 <= value <= draft.max_score:
        draft.ambiguities.append(
            f"{where}: score {fmt_score(value)} is outside 1..{draft.max_score}; ignored"
        )
        return None
    return value
