// Annotate a span of a passage: select words in the passage text, press
// "Annotate selection", and a new annotation form is filled with the quote,
// its offsets and up to 32 characters of context on either side (hidden
// fields: the form shows the quote). The server checks the span against the
// saved text and recomputes what it must.
"use strict";

(function () {
    const CONTEXT = 32;

    function setField(form, name, value) {
        form.querySelector(`[name$="-${name}"]`).value = value;
    }

    function newAnnotationForm(group) {
        group.querySelector(".add-row a").click();
        const forms = group.querySelectorAll(".inline-related:not(.empty-form)");
        return forms[forms.length - 1];
    }

    function annotateSelection(textarea, group, hint) {
        const start = textarea.selectionStart;
        const end = textarea.selectionEnd;
        const text = textarea.value;
        if (start === end) {
            hint.textContent = hint.dataset.empty;
            return;
        }
        hint.textContent = "";
        const form = newAnnotationForm(group);
        setField(form, "quote", text.slice(start, end));
        setField(form, "quote_start", start);
        setField(form, "quote_end", end);
        setField(form, "prefix", text.slice(Math.max(0, start - CONTEXT), start));
        setField(form, "suffix", text.slice(end, end + CONTEXT));
        form.querySelector(".field-quoted .readonly").textContent = "«" + text.slice(start, end) + "»";
        form.querySelector('[name$="-note"]').focus();
    }

    document.addEventListener("DOMContentLoaded", function () {
        const textarea = document.getElementById("id_text");
        const group = document.getElementById("annotations-group");
        const labels = document.getElementById("annotate-labels");
        if (!textarea || !group || !labels) {
            return;
        }
        const button = document.createElement("button");
        button.type = "button";
        button.className = "button annotate-selection";
        button.textContent = labels.dataset.button;
        const hint = document.createElement("span");
        hint.className = "help";
        hint.dataset.empty = labels.dataset.empty;
        button.addEventListener("click", function () {
            annotateSelection(textarea, group, hint);
        });
        textarea.after(button, hint);
    });
})();
