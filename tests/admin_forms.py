"""Admin forms as a browser posts them back, for tests in this process and in others."""


def form_data(page):
    """What the browser would post back from an admin change page, unchanged."""
    forms = [page.context["adminform"].form]
    for inline in page.context.get("inline_admin_formsets", []):
        forms += [inline.formset.management_form, *inline.formset.forms]
    return {name: value for form in forms for name, value in posted(form).items()}


def posted(form):
    """What a browser posts back from a form as shown, unchanged (unticked boxes are not sent)."""
    values = {form.add_prefix(name): form[name].value() for name in form.fields}
    return {name: value for name, value in values.items() if value is not None and value is not False}
