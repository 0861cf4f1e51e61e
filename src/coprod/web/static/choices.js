// Typeahead for the action forms: a field with data-choices fills its <datalist> with the
// records of the caller's registry whose key or name holds what was typed (a JSON list of
// {key, name} from the server itself: no third-party script).
"use strict";
(function () {
  function fill(list, found) {
    list.replaceChildren();
    found.forEach(function (record) {
      const option = document.createElement("option");
      option.value = record.key;
      option.label = record.name === record.key ? record.key : record.name;
      list.append(option);
    });
  }
  function attach(input) {
    const list = document.getElementById(input.getAttribute("list"));
    let timer = null;
    let asked = null;
    function ask() {
      const text = input.value.trim();
      if (text === asked) return;
      asked = text;
      fetch(input.dataset.choices + "?q=" + encodeURIComponent(text), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (answer) { return answer.ok ? answer.json() : []; })
        .then(function (found) { if (asked === text) fill(list, found); })
        .catch(function () { /* the field still takes a key typed in full */ });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 150);
    });
    input.addEventListener("focus", ask);
  }
  document.querySelectorAll("input[data-choices]").forEach(attach);
})();
