"""Span-locating helpers for the held-out gold annotations (written by hand, offsets computed with str.find)."""

from __future__ import annotations

Ref = tuple[str, str | None]  # (surface, context that makes it unique, or None)


class Doc:
    """One text and the annotations listed for it, in the order written."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.items: list[dict] = []

    # -- locating -------------------------------------------------------------------------------------
    def at(self, surface: str, ctx: str | None = None) -> tuple[int, int]:
        """Offsets of `surface`; with `ctx`, of `surface` inside the unique occurrence of `ctx`."""
        t = self.text
        if ctx is None:
            n = t.count(surface)
            assert n == 1, f"{surface!r} occurs {n} times; give a ctx"
            s = t.find(surface)
        else:
            n = t.count(ctx)
            assert n == 1, f"ctx {ctx!r} occurs {n} times"
            c = t.find(ctx)
            s = t.find(surface, c)
            assert s != -1 and s + len(surface) <= c + len(ctx), f"{surface!r} not inside ctx {ctx!r}"
        e = s + len(surface)
        assert t[s:e] == surface
        return s, e

    def ref(self, surface: str | None, ctx: str | None = None) -> dict | None:
        if surface is None:
            return None
        s, e = self.at(surface, ctx)
        return {"start": s, "end": e, "text": surface}

    # -- layers ---------------------------------------------------------------------------------------
    def E(self, surface: str, label: str, eid: str | None = None, ctx: str | None = None) -> None:
        s, e = self.at(surface, ctx)
        self.items.append({"layer": "entities", "start": s, "end": e, "text": surface,
                           "label": label, "entity_id": eid})

    def D(self, surface: str, typ: str, value: str, mod: str | None = None, tf: bool = False,
          ctx: str | None = None) -> None:
        s, e = self.at(surface, ctx)
        self.items.append({"layer": "dates", "start": s, "end": e, "text": surface, "type": typ,
                           "value": value, "mod": mod, "temporal_function": tf})

    def F(self, surface: str, kind: str, value: str | None, unit: str, vmax: str | None = None,
          approx: bool = False, measures: str | None = None, ctx: str | None = None) -> None:
        s, e = self.at(surface, ctx)
        self.items.append({"layer": "figures", "start": s, "end": e, "text": surface, "kind": kind,
                           "value": value, "value_max": vmax, "unit": unit, "approximate": approx,
                           "measures": measures})

    def Q(self, content: str, kind: str, speaker: Ref | None, sid: str | None, cue: Ref | None,
          ctx: str | None = None) -> None:
        """speaker / cue: (surface, ctx) tuples or None."""
        s, e = self.at(content, ctx)
        self.items.append({"layer": "quotes", "start": s, "end": e, "text": content, "kind": kind,
                           "speaker": self.ref(*speaker) if speaker else None,
                           "speaker_entity_id": sid,
                           "cue": self.ref(*cue) if cue else None})
