// Typeahead for the fields that name a record (an action form's line or instrument, a list's
// filter by partner, company, instrument, need…): a text input with data-choices becomes a
// combobox (the WAI-ARIA list-autocomplete pattern). What is typed asks the server itself
// (data-choices, /choices/<kind>?q=) for the caller's records that the lists' search finds
// for it (words from their start, no case, no accents), best first; they are listed under
// the field: the arrow keys move through them, Enter or a click takes one, Escape closes the
// list; a live region says how many were found. Without this script the field stays a plain
// text input that takes a key typed in full.
"use strict";
(function () {
  function attach(input) {
    const box = document.createElement("div");
    const list = document.createElement("ul");
    const status = document.createElement("span");
    box.className = "combo";
    list.id = input.id + "-listbox";
    list.className = "choices";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    const label = document.querySelector('label[for="' + input.id + '"]');
    if (label) {
      label.id = label.id || input.id + "-label";
      list.setAttribute("aria-labelledby", label.id);
    }
    status.className = "sr-only";
    status.setAttribute("role", "status");
    input.replaceWith(box);
    box.append(input, list, status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("autocomplete", "off");

    let found = [];
    let active = -1;
    let timer = null;
    let asked = null;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function open() {
      if (!found.length) return close();
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
    function highlight(index) {
      const options = list.children;
      if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
      active = index;
      if (index < 0) return input.removeAttribute("aria-activedescendant");
      options[index].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    }
    function choose(index) {
      input.value = found[index].key;
      close();
      input.focus();
    }
    function option(record, index) {
      const item = document.createElement("li");
      item.id = list.id + "-" + index;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.dataset.key = record.key;
      const key = document.createElement("span");
      key.className = "key";
      key.textContent = record.key;
      item.append(key);
      if (record.name && record.name !== record.key) {
        const name = document.createElement("span");
        name.className = "name";
        name.textContent = record.name;
        item.append(" ", name);
      }
      // mousedown, not click: the input keeps the focus, so the list is not closed first
      item.addEventListener("mousedown", function (event) {
        event.preventDefault();
        choose(index);
      });
      return item;
    }
    function fill(records) {
      found = records;
      active = -1;
      list.replaceChildren.apply(list, records.map(option));
      const said = records.length ? input.dataset.found : input.dataset.none;
      status.textContent = (said || "").replace("{n}", String(records.length));
      open();
    }
    function ask(text) {
      asked = text;
      fetch(input.dataset.choices + "?q=" + encodeURIComponent(text), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (answer) { return answer.ok ? answer.json() : []; })
        .then(function (records) { if (asked === text && document.activeElement === input) fill(records); })
        .catch(function () { /* the field still takes a key typed in full */ });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      const text = input.value.trim();
      if (!text) {
        asked = null;
        return close();
      }
      timer = setTimeout(function () { ask(text); }, 150);
    });
    input.addEventListener("keydown", function (event) {
      const shown = !list.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!shown) {
          if (found.length && asked === input.value.trim()) open();
          else ask(input.value.trim());
          return;
        }
        const last = found.length - 1;
        if (event.key === "ArrowDown") highlight(active < last ? active + 1 : 0);
        else highlight(active > 0 ? active - 1 : last);
      } else if (event.key === "Enter" && shown && active >= 0) {
        event.preventDefault(); // takes the choice; a second Enter submits the form
        choose(active);
      } else if (event.key === "Escape" && shown) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 0); });
  }
  document.querySelectorAll("input[data-choices]").forEach(attach);
})();
