"""How a variant (``extends:``) and rules files (``include:``) combine.

The rule, the same everywhere: mappings merge key by key (the later file
wins for a key both give); lists whose items all carry an ``id`` merge by id
(an item with a known id is merged key by key, a new id is appended); any
other list or value is replaced whole. After merging, a variant's
``remove: {units: [id, ...], options: [...]}`` drops items by id.
"""

from __future__ import annotations

from typing import Any, Callable

from engine.errors import did_you_mean
from engine.scenario import spec as S
from engine.scenario.check import Checker, describe
from engine.scenario.spec import REMOVABLE
from engine.scenario.yamlsafe import MDict, MList


def _id_text(v: Any) -> str | None:
    """An id as the checker reads it: text, or the text of a number (``2020``); None for anything else."""
    if isinstance(v, str):
        return v
    if isinstance(v, (int, float)) and not isinstance(v, bool) and v == v:
        return str(v + 0)
    return None


def item_id(x: Any) -> str | None:
    """The id an item is merged by: its ``id`` text, or the text a number there is read as (``id: 2020``, as
    the checker reads it); None when it has none."""
    return _id_text(x.get("id")) if isinstance(x, MDict) else None


def _is_id_list(v: Any) -> bool:
    return isinstance(v, MList) and all(item_id(x) is not None for x in v)


#: Called with (position of the repeated item, its id, position of the first) for an id given twice.
OnDuplicate = Callable[[Any, str, Any], None]
#: Called with (position of the item, its key path, the item, the ids of the base's list) for an item of a
#: variant's list that has no id, in a list the base merges by id: it is left out of the merge.
OnNoId = Callable[[Any, str, Any, list], None]


def merge(base: Any, over: Any, on_dup: OnDuplicate | None = None, on_no_id: OnNoId | None = None,
          path: str = "") -> Any:
    """``over`` laid on ``base`` by the rule above; neither input is changed.

    An id given twice in one list of ``over`` would silently merge into one item
    (the later wins), so it is reported through ``on_dup`` instead. With ``on_no_id``, an item without an
    id in a list whose base items have ids is reported through it and left out, and the rest merge by id:
    before, it made the whole list replace the base's (``tracks: [{}]`` dropped every track of the base,
    and each thing that named one was a problem of its own).
    """
    if isinstance(base, MDict) and isinstance(over, MDict):
        out = MDict(over.pos)
        for k in base:
            out[k], out.key_pos[k], out.val_pos[k] = base[k], base.key_pos[k], base.val_pos[k]
        for k in over:
            out[k] = merge(base[k], over[k], on_dup, on_no_id, f"{path}.{k}" if path else str(k)) if k in base \
                else over[k]
            out.key_pos[k], out.val_pos[k] = over.key_pos[k], over.val_pos[k]
        return out
    if _is_id_list(base) and isinstance(over, MList) and len(over) and \
            (_is_id_list(over) or (on_no_id is not None and len(base))):
        out_l = MList(over.pos)
        index = {item_id(x): i for i, x in enumerate(base)}
        items, poss = list(base), list(base.item_pos)
        own: dict[str, Any] = {}
        for j, (x, p) in enumerate(zip(over, over.item_pos)):
            rid = item_id(x)
            if rid is None:
                assert on_no_id is not None
                on_no_id(p, f"{path}[{j}]", x, [item_id(b) for b in base])
                continue
            if rid in own:
                if on_dup is not None:
                    on_dup(p, rid, own[rid])
                continue
            own[rid] = p
            i = index.get(rid)
            if i is None:
                index[rid] = len(items)
                items.append(x)
                poss.append(p)
            else:
                items[i] = merge(items[i], x, on_dup, on_no_id, f"{path}[{j}]")
                poss[i] = p
        out_l.extend(items)
        out_l.item_pos.extend(poss)
        return out_l
    return over


def _item_name(path: str) -> str:
    """What an item of the list at ``path`` is ('track', 'option'), read from the scenario's declaration."""
    t: Any = S.SCENARIO
    for part in path.split("."):
        name, _, rest = part.partition("[")
        if isinstance(t, S.Partial):
            t = t.rec
        if isinstance(t, S.Rec):
            f = t.field(name)
            t = f.type if f is not None else None
        elif isinstance(t, S.MapOf):
            t = t.value
        for _ in range(rest.count("[") + 1 if rest else 0):
            t = t.item if isinstance(t, S.ListOf) else None
        t = S.NAMED.get(t, t) if isinstance(t, str) else t
        if isinstance(t, S.Opt):
            t = t.inner
    t = t.item if isinstance(t, S.ListOf) else t
    t = S.NAMED.get(t, t) if isinstance(t, str) else t
    return t.name if isinstance(t, S.Rec) else "item"


def no_id_reporter(ck: Checker, where: str = "a variant", base: str = "the base") -> OnNoId:
    """Reports an item of a variant's list that has no id, once, in words: which ids the base has, and the
    closest (a key close to ``id``, or a value close to an id of the base)."""
    def report(pos: Any, path: str, x: Any, ids: list) -> None:
        item = _item_name(path)
        a = "an" if item[:1] in "aeiou" else "a"
        lst = path.rsplit("[", 1)[0]
        shown = ", ".join(ids[:12]) + (f" ... ({len(ids)} in all)" if len(ids) > 12 else "")
        want = f"the id of the {item} of {base} it changes, one of: {shown}; or a new id, with every key, to add {a} {item}"
        if not isinstance(x, MDict):
            ck.err(pos, path, f"got {describe(x)} (expected a mapping: {a} {item} with {want})")
        elif "id" in x:
            ck.err(x.where("id"), f"{path}.id", f"got {describe(x['id'])} (expected {want})")
        else:
            hint = next((h.replace("?)", f" for {k!r}?)") for k in x if (h := did_you_mean(str(k), ["id"]))), "") \
                or next((h for v in x.values() if isinstance(v, str) and (h := did_you_mean(v, ids))), "")
            what = f"an empty {item}" if not x else f"{a} {item} without an id"
            ck.err(pos, path, f"{what}: in {where} each item of {lst} needs its id (expected {want}){hint}")
    return report


def _entry_id(x: Any) -> str | None:
    if not isinstance(x, MDict):
        return None
    if _id_text(x.get("id")) is not None:
        return _id_text(x["id"])
    for k in ("withdraw",):
        if _id_text(x.get(k)) is not None:
            return _id_text(x[k])
    r = x.get("reinforce")
    return item_id(r)


def apply_remove(doc: MDict, remove: Any, ck: Checker) -> None:
    """Drop the ids a variant's ``remove:`` lists; unknown ids are reported with suggestions."""
    if not isinstance(remove, MDict):
        return
    for section, ids in remove.items():
        if not isinstance(ids, MList) or section not in REMOVABLE:
            continue  # shape errors and unknown sections are reported by the scenario check (removing nothing)
        lists: list[MList] = []
        target = doc.get(section)
        if section == "options" and isinstance(target, MDict):
            lists = [v for v in target.values() if isinstance(v, MList)]
        elif isinstance(target, MList):
            lists = [target]
        known = [i for lst in lists for x in lst if (i := _entry_id(x)) is not None]
        for j, given in enumerate(ids):
            rid = _id_text(given)  # remove: {events: [2020]} names the id '2020' (it was skipped)
            if rid is None:
                continue
            if rid not in known:
                ck.err(ids.where(j), f"remove.{section}[{j}]",
                       f"{rid!r} is not in the base scenario's {section}{did_you_mean(rid, known)}")
                continue
            for lst in lists:
                keep = [(x, p) for x, p in zip(lst, lst.item_pos) if _entry_id(x) != rid]
                lst[:] = [x for x, _ in keep]
                lst.item_pos[:] = [p for _, p in keep]
