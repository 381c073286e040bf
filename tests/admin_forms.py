"""Admin forms as a browser posts them back, for tests in this process and in others."""


def form_data(page):
    """What the browser would post back from an admin change page, unchanged."""
    forms = [page.context["adminform"].form]
    for inline in page.context.get("inline_admin_formsets", []):
        forms += [inline.formset.management_form, *inline.formset.forms]
    return {
        form.add_prefix(name): form[name].value()
        for form in forms
        for name in form.fields
        if form[name].value() is not None
    }
