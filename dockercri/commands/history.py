"""history: docker's IMAGE CREATED CREATED BY SIZE COMMENT table, newest step first."""

from dockercri.render import humanize, timefmt, views
from dockercri.verbose import verbose_info

EMPTY = object()  # a step that made no layer: docker shows 0B


class HistoryContext:
    __go_type__ = "*formatter.historyContext"
    HEADERS = {"ID": "IMAGE", "CreatedSince": "CREATED", "CreatedAt": "CREATED AT",
               "CreatedBy": "CREATED BY", "Size": "SIZE", "Comment": "COMMENT"}
    DEFAULT = ("ID", "CreatedSince", "CreatedBy", "Size", "Comment")

    def __init__(self, entry, now, human=True, trunc=True):
        self.entry, self.now, self.human, self.trunc = entry, now, human, trunc

    def ID(self):
        ident = self.entry["id"]
        if ident == "<missing>" or not self.trunc:
            return ident
        return views.short_id(ident)

    def CreatedSince(self):
        created = self.entry["created_ns"]
        if not self.human:
            return self.CreatedAt()
        return humanize.ago(self.now, created) if created else "N/A"

    def CreatedAt(self):
        created = self.entry["created_ns"]
        return timefmt.rfc3339_nano(created - created % 1_000_000_000) if created else ""

    def CreatedBy(self):
        text = self.entry["created_by"].replace("\t", " ")
        if self.trunc and len(text) > 45:
            return text[:44] + "…"
        return text

    def Size(self):
        size = self.entry["size"]
        if size is None:
            return "N/A"
        return humanize.human_size(size) if self.human else str(size)

    def Comment(self):
        return self.entry["comment"]

    def as_json(self):
        return {key: getattr(self, key)() for key in (
            "Comment", "CreatedAt", "CreatedBy", "CreatedSince", "ID", "Size")}


def entries(image, status_response):
    """The image's history, newest first: docker names the newest step by the image id and
    the others <missing>. CRI gives no per-layer sizes: a step that made no layer is 0B,
    the one layer of a one-layer image is the image's size, others are unknown (None)."""
    spec = (verbose_info(status_response) or {}).get("imageSpec") or {}
    history = spec.get("history") or []
    layers = sum(1 for item in history if not item.get("empty_layer"))
    out = []
    for item in history:
        if item.get("empty_layer"):
            size = 0
        else:
            size = image.size if layers == 1 else None
        out.append({"created_ns": timefmt.parse_rfc3339_ns(item.get("created") or "") or 0,
                    "created_by": item.get("created_by", ""), "comment": item.get("comment", ""),
                    "size": size, "id": "<missing>"})
    out.reverse()
    if out:
        out[0]["id"] = image.id
    return out


def run_history(intent, plan, session):
    from dockercri.render.output import write

    results = session.executor.execute(plan, session)
    rows = entries(results["image"], results["status"])
    trunc = not intent.opt("no_trunc")
    if intent.opt("quiet"):
        for entry in rows:
            if entry["id"] != "<missing>":
                session.out(views.short_id(entry["id"], not trunc))
        return 0
    human = intent.opt("human") is not False
    contexts = [HistoryContext(entry, session.env.clock(), human, trunc) for entry in rows]
    write(session, intent.opt("format"), contexts, HistoryContext.DEFAULT, HistoryContext.HEADERS)
    return 0
