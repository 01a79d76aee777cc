"""Go 1.13 text/template/parse lexer: text in, a list of items out.

Go's lexer runs beside the parser, but its state never depends on the
parser, so scanning everything up front (stopping at the first error)
yields the same items.
"""

from collections import namedtuple

from dockercri.gotemplate.strconv import quote, sharp_u, utf8len

Item = namedtuple("Item", "typ pos val line")

ERROR = "error"
BOOL = "bool"
CHAR = "char"
CHAR_CONSTANT = "charconstant"
COMPLEX = "complex"
ASSIGN = "assign"
DECLARE = "declare"
EOF = "eof"
FIELD = "field"
IDENTIFIER = "identifier"
LEFT_DELIM = "leftdelim"
LEFT_PAREN = "leftparen"
NUMBER = "number"
PIPE = "pipe"
RAW_STRING = "rawstring"
RIGHT_DELIM = "rightdelim"
RIGHT_PAREN = "rightparen"
SPACE = "space"
STRING = "string"
TEXT = "text"
VARIABLE = "variable"
# keywords
BLOCK = "block"
DOT = "dot"
DEFINE = "define"
ELSE = "else"
END = "end"
IF = "if"
NIL = "nil"
RANGE = "range"
TEMPLATE = "template"
WITH = "with"

KEYWORDS = {
    ".": DOT, "block": BLOCK, "define": DEFINE, "else": ELSE, "end": END,
    "if": IF, "range": RANGE, "nil": NIL, "template": TEMPLATE, "with": WITH,
}
KEYWORD_TYPES = frozenset(KEYWORDS.values())

LEFT_DELIM_TEXT = "{{"
RIGHT_DELIM_TEXT = "}}"
LEFT_TRIM = "- "
RIGHT_TRIM = " -"
SPACE_CHARS = " \t\r\n"


def item_string(item):
    """Go's item.String(), used in 'unexpected ...' messages."""
    if item.typ == EOF:
        return "EOF"
    if item.typ == ERROR:
        return item.val
    if item.typ in KEYWORD_TYPES:
        return "<%s>" % item.val
    if utf8len(item.val) > 10:
        return quote(item.val[:10]) + "..."
    return quote(item.val)


def is_alnum(ch):
    return ch == "_" or ch.isalpha() or ch.isdecimal()


class _Lexer:
    def __init__(self, text):
        self.input = text
        self.pos = 0
        self.start = 0
        self.width = 0
        self.paren_depth = 0
        self.items = []
        self._line_pos = 0
        self._line = 1

    # primitives ---------------------------------------------------------
    def next(self):
        if self.pos >= len(self.input):
            self.width = 0
            return None
        self.width = 1
        self.pos += 1
        return self.input[self.pos - 1]

    def peek(self):
        ch = self.next()
        self.backup()
        return ch

    def backup(self):
        self.pos -= self.width

    def line_at(self, pos):
        if pos < self._line_pos:
            self._line_pos, self._line = 0, 1
        self._line += self.input.count("\n", self._line_pos, pos)
        self._line_pos = pos
        return self._line

    def emit(self, typ):
        self.items.append(Item(typ, self.start, self.input[self.start:self.pos], self.line_at(self.start)))
        self.start = self.pos

    def ignore(self):
        self.start = self.pos

    def accept(self, valid):
        ch = self.next()
        if ch is not None and ch in valid:
            return True
        self.backup()
        return False

    def accept_run(self, valid):
        while True:
            ch = self.next()
            if ch is None or ch not in valid:
                break
        self.backup()

    def errorf(self, message):
        self.items.append(Item(ERROR, self.start, message, self.line_at(self.start)))
        return None

    def run(self):
        state = self.lex_text
        while state is not None:
            state = state()
        return self.items

    # states -------------------------------------------------------------
    def lex_text(self):
        self.width = 0
        x = self.input.find(LEFT_DELIM_TEXT, self.pos)
        if x >= 0:
            self.pos = x
            trim = 0
            if self.input.startswith(LEFT_TRIM, x + len(LEFT_DELIM_TEXT)):
                segment = self.input[self.start:self.pos]
                trim = len(segment) - len(segment.rstrip(SPACE_CHARS))
            self.pos -= trim
            if self.pos > self.start:
                self.emit(TEXT)
            self.pos += trim
            self.ignore()
            return self.lex_left_delim
        self.pos = len(self.input)
        if self.pos > self.start:
            self.emit(TEXT)
        self.emit(EOF)
        return None

    def _skip_leading_space(self):
        end = self.pos
        while end < len(self.input) and self.input[end] in SPACE_CHARS:
            end += 1
        self.pos = end

    def at_right_delim(self):
        if self.input.startswith(RIGHT_TRIM, self.pos) and \
                self.input.startswith(RIGHT_DELIM_TEXT, self.pos + len(RIGHT_TRIM)):
            return True, True
        if self.input.startswith(RIGHT_DELIM_TEXT, self.pos):
            return True, False
        return False, False

    def lex_left_delim(self):
        self.pos += len(LEFT_DELIM_TEXT)
        trim = self.input.startswith(LEFT_TRIM, self.pos)
        after = len(LEFT_TRIM) if trim else 0
        if self.input.startswith("/*", self.pos + after):
            self.pos += after
            self.ignore()
            return self.lex_comment
        self.emit(LEFT_DELIM)
        self.pos += after
        self.ignore()
        self.paren_depth = 0
        return self.lex_inside_action

    def lex_comment(self):
        self.pos += 2
        i = self.input.find("*/", self.pos)
        if i < 0:
            return self.errorf("unclosed comment")
        self.pos = i + 2
        delim, trim = self.at_right_delim()
        if not delim:
            return self.errorf("comment ends before closing delimiter")
        if trim:
            self.pos += len(RIGHT_TRIM)
        self.pos += len(RIGHT_DELIM_TEXT)
        if trim:
            self._skip_leading_space()
        self.ignore()
        return self.lex_text

    def lex_right_delim(self):
        trim = self.input.startswith(RIGHT_TRIM, self.pos)
        if trim:
            self.pos += len(RIGHT_TRIM)
            self.ignore()
        self.pos += len(RIGHT_DELIM_TEXT)
        self.emit(RIGHT_DELIM)
        if trim:
            self._skip_leading_space()
            self.ignore()
        return self.lex_text

    def lex_inside_action(self):
        delim, _ = self.at_right_delim()
        if delim:
            if self.paren_depth == 0:
                return self.lex_right_delim
            return self.errorf("unclosed left paren")
        ch = self.next()
        if ch is None or ch in "\r\n":
            return self.errorf("unclosed action")
        if ch in " \t":
            self.backup()
            return self.lex_space
        if ch == "=":
            self.emit(ASSIGN)
        elif ch == ":":
            if self.next() != "=":
                return self.errorf("expected :=")
            self.emit(DECLARE)
        elif ch == "|":
            self.emit(PIPE)
        elif ch == '"':
            return self.lex_quote
        elif ch == "`":
            return self.lex_raw_quote
        elif ch == "$":
            return self.lex_variable
        elif ch == "'":
            return self.lex_char
        elif ch == "." and self.pos < len(self.input) and not "0" <= self.input[self.pos] <= "9":
            return self.lex_field
        elif ch in ".+-" or "0" <= ch <= "9":
            self.backup()
            return self.lex_number
        elif is_alnum(ch):
            self.backup()
            return self.lex_identifier
        elif ch == "(":
            self.emit(LEFT_PAREN)
            self.paren_depth += 1
        elif ch == ")":
            self.emit(RIGHT_PAREN)
            self.paren_depth -= 1
            if self.paren_depth < 0:
                return self.errorf("unexpected right paren %s" % sharp_u(ch))
        elif " " <= ch <= "~":
            self.emit(CHAR)
        else:
            return self.errorf("unrecognized character in action: %s" % sharp_u(ch))
        return self.lex_inside_action

    def lex_space(self):
        count = 0
        while True:
            ch = self.peek()
            if ch is None or ch not in " \t":
                break
            self.next()
            count += 1
        if self.input.startswith(RIGHT_TRIM + RIGHT_DELIM_TEXT, self.pos - 1):
            self.backup()
            if count == 1:
                return self.lex_right_delim
        self.emit(SPACE)
        return self.lex_inside_action

    def at_terminator(self):
        ch = self.peek()
        if ch is None or ch in " \t\r\n.,|:)(":
            return True
        return ch == RIGHT_DELIM_TEXT[0]

    def lex_identifier(self):
        while True:
            ch = self.next()
            if ch is not None and is_alnum(ch):
                continue
            self.backup()
            word = self.input[self.start:self.pos]
            if not self.at_terminator():
                return self.errorf("bad character %s" % sharp_u(ch))
            if word in KEYWORDS:
                self.emit(KEYWORDS[word])
            elif word[0] == ".":
                self.emit(FIELD)
            elif word in ("true", "false"):
                self.emit(BOOL)
            else:
                self.emit(IDENTIFIER)
            return self.lex_inside_action

    def lex_field(self):
        return self._field_or_variable(FIELD)

    def lex_variable(self):
        if self.at_terminator():
            self.emit(VARIABLE)
            return self.lex_inside_action
        return self._field_or_variable(VARIABLE)

    def _field_or_variable(self, typ):
        if self.at_terminator():
            self.emit(VARIABLE if typ == VARIABLE else DOT)
            return self.lex_inside_action
        while True:
            ch = self.next()
            if ch is None or not is_alnum(ch):
                self.backup()
                break
        if not self.at_terminator():
            return self.errorf("bad character %s" % sharp_u(ch))
        self.emit(typ)
        return self.lex_inside_action

    def _scan_quoted(self, closer):
        while True:
            ch = self.next()
            if ch == "\\":
                after = self.next()
                if after is not None and after != "\n":
                    continue
                return False
            if ch is None or ch == "\n":
                return False
            if ch == closer:
                return True

    def lex_char(self):
        if not self._scan_quoted("'"):
            return self.errorf("unterminated character constant")
        self.emit(CHAR_CONSTANT)
        return self.lex_inside_action

    def lex_quote(self):
        if not self._scan_quoted('"'):
            return self.errorf("unterminated quoted string")
        self.emit(STRING)
        return self.lex_inside_action

    def lex_raw_quote(self):
        end = self.input.find("`", self.pos)
        if end < 0:
            return self.errorf("unterminated raw quoted string")
        self.pos = end + 1
        self.emit(RAW_STRING)
        return self.lex_inside_action

    def scan_number(self):
        self.accept("+-")
        digits = "0123456789_"
        if self.accept("0"):
            if self.accept("xX"):
                digits = "0123456789abcdefABCDEF_"
            elif self.accept("oO"):
                digits = "01234567_"
            elif self.accept("bB"):
                digits = "01_"
        self.accept_run(digits)
        if self.accept("."):
            self.accept_run(digits)
        if len(digits) == 11 and self.accept("eE"):
            self.accept("+-")
            self.accept_run("0123456789_")
        if len(digits) == 23 and self.accept("pP"):
            self.accept("+-")
            self.accept_run("0123456789_")
        self.accept("i")
        ch = self.peek()
        if ch is not None and is_alnum(ch):
            self.next()
            return False
        return True

    def lex_number(self):
        if not self.scan_number():
            return self.errorf("bad number syntax: %s" % quote(self.input[self.start:self.pos]))
        sign = self.peek()
        if sign is not None and sign in "+-":
            if not self.scan_number() or self.input[self.pos - 1] != "i":
                return self.errorf("bad number syntax: %s" % quote(self.input[self.start:self.pos]))
            self.emit(COMPLEX)
        else:
            self.emit(NUMBER)
        return self.lex_inside_action


def lex(text):
    """All items of text, ending with an EOF or an ERROR item."""
    return _Lexer(text).run()
