"""Annotations follow their passage's text: after an editor edits the text or a corrected file
is imported, each annotation's quoted words are found again (legalkb.text.anchoring), or the
annotation is flagged as orphaned for an editor to look at, never dropped."""

from .text.anchoring import reanchor


def follow_text(annotation, text):
    """Re-anchor the annotation's span on text, or flag it as orphaned when its words are gone;
    return whether anything changed."""
    before = (annotation.anchor, annotation.is_orphaned)
    found = reanchor(text, annotation.anchor)
    if found:
        annotation.quote, annotation.quote_start, annotation.quote_end = found.quote, found.start, found.end
        annotation.prefix, annotation.suffix = found.prefix, found.suffix
    annotation.is_orphaned = found is None
    return (annotation.anchor, annotation.is_orphaned) != before


def follow_edit(passage, old_text):
    """After passage is saved with a text edited from old_text, its annotations' spans follow
    the new text; each annotation that changes is saved."""
    if passage.text == old_text:
        return
    for annotation in passage.annotations.exclude(quote=""):
        if follow_text(annotation, passage.text):
            annotation.save()
