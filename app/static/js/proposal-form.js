/*
 * The proposal form helps the writer (app/templates/proposals/form.html):
 *  - suggestions while typing: the Driver the text is about and similar published proposals,
 *    asked from the server (POST JSON, app/proposals/routes.py `suggestions`) after a pause in
 *    typing; the Driver is changed only when the writer presses "Use this Driver";
 *  - character counters under the text fields, announced politely only near and at the limit;
 *  - a draft of the form kept in this browser (localStorage) and put back after a reload.
 * Without JavaScript the form works as is: the "Check" button asks the server to re-render the
 * page with the same suggestions, and the hints state each field's limit.
 * No inline code anywhere (the Content Security Policy forbids it); every word shown comes from
 * the page (translated by the server), never from this file.
 */
(function () {
  "use strict";

  var form = document.getElementById("proposal-form");
  if (!form || !window.fetch || !window.JSON) {
    return;
  }

  var TYPING_PAUSE_MS = 600;
  var DRAFT_SAVE_PAUSE_MS = 800;
  var RATE_LIMIT_PAUSE_MS = 30000;
  var DRAFT_MAX_AGE_MS = 30 * 24 * 3600 * 1000;
  var NEAR_LIMIT = 0.9;
  var ASSIST_FIELDS = ["title", "summary", "need", "action"];
  // Never kept in the draft: the form's security token, the spam trap, the buttons.
  var NOT_IN_DRAFT = { csrf_token: true, submission_token: true, remarks: true, intent: true };

  var strings = document.getElementById("proposal-form-strings").dataset;
  var statusRegion = document.getElementById("proposal-form-status");
  var proposalId = form.dataset.proposalId ? parseInt(form.dataset.proposalId, 10) : null;
  var minLength = parseInt(form.dataset.minLength, 10) || 0;

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function announce(message) {
    // Emptied first so that the same message twice is announced twice.
    statusRegion.textContent = "";
    window.setTimeout(function () {
      statusRegion.textContent = message;
    }, 50);
  }

  function debounce(fn, wait) {
    var timer = null;
    return function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fn, wait);
    };
  }

  function field(name) {
    return form.elements.namedItem(name);
  }

  // --- character counters ---------------------------------------------------------------

  function setUpCounter(counter) {
    var input = document.getElementById(counter.dataset.counterFor);
    var max = input ? input.maxLength : -1;
    if (!input || max <= 0) {
      return null;
    }
    var level = 0; // 0: far from the limit, 1: near it, 2: at it
    function update(quiet) {
      var count = input.value.length;
      counter.textContent = format(strings.counter, { count: count, max: max });
      var now = count >= max ? 2 : count >= NEAR_LIMIT * max ? 1 : 0;
      counter.classList.toggle("text-warning", now === 1);
      counter.classList.toggle("text-danger", now === 2);
      if (now > level && !quiet) {
        var label = counter.dataset.label;
        announce(
          now === 2
            ? format(strings.counterFull, { field: label, max: max })
            : format(strings.counterNear, { field: label, left: max - count })
        );
      }
      level = now;
    }
    input.addEventListener("input", function () {
      update(false);
    });
    counter.hidden = false;
    update(true);
    return update;
  }

  var counterUpdates = [];
  Array.prototype.forEach.call(document.querySelectorAll("[data-counter-for]"), function (counter) {
    var update = setUpCounter(counter);
    if (update) {
      counterUpdates.push(update);
    }
  });

  function refreshCounters() {
    counterUpdates.forEach(function (update) {
      update(true);
    });
  }

  // --- suggestions ----------------------------------------------------------------------

  var results = document.getElementById("proposal-assist-results");
  var checkButton = document.getElementById("proposal-assist-check");
  var driverSelect = field("driver_id");
  var csrfToken = field("csrf_token") ? field("csrf_token").value : "";
  var lastSent = null;
  var lastShown = null;
  var inFlight = false;
  var queued = false;
  var pausedUntil = 0;

  function typedText() {
    var payload = {};
    ASSIST_FIELDS.forEach(function (name) {
      payload[name] = field(name) ? field(name).value : "";
    });
    if (proposalId) {
      payload.proposal_id = proposalId;
    }
    return payload;
  }

  function postSuggestions(payload) {
    return window
      .fetch(form.dataset.assistUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-CSRFToken": csrfToken,
        },
        body: JSON.stringify(payload),
      })
      .then(function (response) {
        if (response.status === 429) {
          pausedUntil = Date.now() + RATE_LIMIT_PAUSE_MS;
        }
        var type = response.headers.get("Content-Type") || "";
        if (!response.ok || type.indexOf("application/json") !== 0) {
          throw new Error("suggestions unavailable: " + response.status);
        }
        return response.json();
      });
  }

  function askForSuggestions(force) {
    if (Date.now() < pausedUntil) {
      return;
    }
    var payload = typedText();
    var typed = ASSIST_FIELDS.map(function (name) {
      return payload[name].trim();
    })
      .filter(Boolean)
      .join("\n");
    if (typed.length < minLength) {
      return; // the server would only say "too short"
    }
    var key = JSON.stringify(payload);
    if (key === lastSent && !force) {
      return;
    }
    if (inFlight) {
      queued = true;
      return;
    }
    inFlight = true;
    lastSent = key;
    results.setAttribute("aria-busy", "true");
    postSuggestions(payload)
      .then(showSuggestions)
      .catch(function () {
        // Suggestions are a courtesy: on any failure the form simply goes on without them.
        lastSent = null;
      })
      .then(function () {
        inFlight = false;
        results.removeAttribute("aria-busy");
        if (queued) {
          queued = false;
          askForSuggestions(false);
        }
      });
  }

  function fromTemplate(id) {
    return document.getElementById(id).content.firstElementChild.cloneNode(true);
  }

  function slot(element, name) {
    return element.querySelector('[data-slot="' + name + '"]');
  }

  function driverBlock(driver) {
    var block = fromTemplate("assist-driver-template");
    block.dataset.driverId = String(driver.id);
    slot(block, "label").textContent = driver.label;
    var chosen = slot(block, "chosen");
    var use = slot(block, "use");
    use.dataset.driverId = String(driver.id);
    var alreadyChosen = driverSelect && driverSelect.value === String(driver.id);
    chosen.hidden = !alreadyChosen;
    use.hidden = alreadyChosen;
    use.addEventListener("click", function () {
      useDriver(driver, block);
    });
    return block;
  }

  function useDriver(driver, block) {
    if (!driverSelect) {
      return;
    }
    driverSelect.value = String(driver.id);
    driverSelect.dispatchEvent(new Event("change", { bubbles: true }));
    slot(block, "use").hidden = true;
    slot(block, "chosen").hidden = false;
    announce(format(strings.driverUsed, { driver: driver.label }));
    // The button just disappeared: keep keyboard focus somewhere meaningful.
    driverSelect.focus();
  }

  function safeUrl(url) {
    // Only links inside this site (the server builds them; this is belt and braces).
    return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/" ? url : null;
  }

  function similarBlock(similar) {
    var block = fromTemplate("assist-similar-template");
    var list = block.querySelector("ul");
    similar.forEach(function (item) {
      var href = safeUrl(item.url);
      if (!href) {
        return;
      }
      var li = fromTemplate("assist-similar-item-template");
      li.dataset.proposalId = String(item.id);
      slot(li, "link").href = href;
      slot(li, "title").textContent = item.title;
      slot(li, "state").textContent = item.state_label;
      list.appendChild(li);
    });
    return block;
  }

  function showSuggestions(data) {
    if (data.too_short) {
      // Too little text yet: keep what is shown (it still fits), announce nothing.
      return;
    }
    var shown = JSON.stringify([data.driver && data.driver.id, (data.similar || []).map(function (s) {
      return s.id;
    })]);
    if (shown === lastShown) {
      return; // the same suggestions again: do not make screen readers repeat them
    }
    lastShown = shown;
    var parts = [];
    if (data.driver) {
      parts.push(driverBlock(data.driver));
    }
    if (data.similar && data.similar.length) {
      parts.push(similarBlock(data.similar));
    }
    if (!parts.length) {
      parts.push(fromTemplate("assist-nothing-template"));
    }
    results.textContent = "";
    parts.forEach(function (part) {
      results.appendChild(part);
    });
  }

  var suggestSoon = debounce(function () {
    askForSuggestions(false);
  }, TYPING_PAUSE_MS);

  ASSIST_FIELDS.forEach(function (name) {
    if (field(name)) {
      field(name).addEventListener("input", suggestSoon);
    }
  });

  if (checkButton) {
    // With JavaScript the button asks without reloading the page.
    checkButton.addEventListener("click", function (event) {
      event.preventDefault();
      askForSuggestions(true);
    });
  }

  if (driverSelect) {
    driverSelect.addEventListener("change", function () {
      var block = document.getElementById("driver-suggestion");
      if (block && slot(block, "use")) {
        var chosen = driverSelect.value === block.dataset.driverId;
        slot(block, "use").hidden = chosen;
        slot(block, "chosen").hidden = !chosen;
      }
    });
  }

  // --- the draft kept in this browser ---------------------------------------------------

  var draftKey = form.dataset.draftKey;
  var notice = document.getElementById("draft-notice");
  var discardButton = document.getElementById("draft-discard");
  var tokenField = field("submission_token");

  function storage() {
    try {
      return window.localStorage; // throws when storage is disabled
    } catch (error) {
      return null;
    }
  }

  function normalised(value) {
    return value.replace(/\r\n?/g, "\n").trim();
  }

  function formValues() {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      var name = element.name;
      if (!name || NOT_IN_DRAFT[name] || element.disabled || element.type === "submit" || element.type === "button") {
        return;
      }
      if (element.type === "checkbox" || element.type === "radio") {
        values[name] = values[name] || [];
        if (element.checked) {
          values[name].push(element.value);
        }
      } else if (element.type === "select-multiple") {
        values[name] = Array.prototype.filter
          .call(element.options, function (option) {
            return option.selected;
          })
          .map(function (option) {
            return option.value;
          });
      } else {
        values[name] = normalised(element.value);
      }
    });
    return values;
  }

  function applyValues(values) {
    Array.prototype.forEach.call(form.elements, function (element) {
      var name = element.name;
      if (!name || NOT_IN_DRAFT[name] || !Object.prototype.hasOwnProperty.call(values, name)) {
        return;
      }
      var value = values[name];
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = Array.isArray(value) && value.indexOf(element.value) !== -1;
      } else if (element.type === "select-multiple") {
        Array.prototype.forEach.call(element.options, function (option) {
          option.selected = Array.isArray(value) && value.indexOf(option.value) !== -1;
        });
      } else if (typeof value === "string") {
        element.value = value;
      }
    });
    refreshCounters();
  }

  function readDraft() {
    var store = storage();
    if (!store || !draftKey) {
      return null;
    }
    try {
      var draft = JSON.parse(store.getItem(draftKey) || "null");
      if (!draft || typeof draft.values !== "object" || Date.now() - draft.savedAt > DRAFT_MAX_AGE_MS) {
        store.removeItem(draftKey);
        return null;
      }
      return draft;
    } catch (error) {
      store.removeItem(draftKey);
      return null;
    }
  }

  function forgetDraft() {
    var store = storage();
    if (store && draftKey) {
      store.removeItem(draftKey);
    }
  }

  var pageValues = formValues(); // what the server put in the form
  var pageKey = JSON.stringify(pageValues);

  function saveDraft() {
    var store = storage();
    if (!store || !draftKey) {
      return;
    }
    var values = formValues();
    if (JSON.stringify(values) === pageKey) {
      store.removeItem(draftKey); // nothing changed since the page came: nothing to keep
      return;
    }
    var draft = { savedAt: Date.now(), token: tokenField ? tokenField.value : "", values: values };
    try {
      store.setItem(draftKey, JSON.stringify(draft));
    } catch (error) {
      // Storage full or refused: the form still works, only without a kept draft.
    }
  }

  var saveSoon = debounce(saveDraft, DRAFT_SAVE_PAUSE_MS);
  form.addEventListener("input", saveSoon);
  form.addEventListener("change", saveSoon);
  form.addEventListener("submit", saveDraft);

  function restoreDraft(draft) {
    applyValues(draft.values);
    if (tokenField && draft.token && !proposalId) {
      // The token of the form the text was typed in: if that form was in fact sent, sending
      // again returns the proposal it made instead of a second one.
      tokenField.value = draft.token;
    }
    notice.hidden = false;
    askForSuggestions(false);
  }

  function wasSaved(draft) {
    // Only a new proposal's form can have been sent already under the draft's token.
    if (proposalId || !draft.token) {
      return Promise.resolve(false);
    }
    var payload = { title: "", summary: "", need: "", action: "", submission_token: draft.token };
    return postSuggestions(payload)
      .then(function (data) {
        return data.saved === true;
      })
      .catch(function () {
        return false; // unsure: keeping the writer's text is the safe side
      });
  }

  var draft = readDraft();
  if (draft && JSON.stringify(draft.values) !== pageKey) {
    wasSaved(draft).then(function (saved) {
      if (saved) {
        forgetDraft();
      } else {
        restoreDraft(draft);
      }
    });
  } else if (draft) {
    forgetDraft(); // the page already shows this text (sent, or shown again after an error)
  }

  if (discardButton) {
    discardButton.addEventListener("click", function () {
      applyValues(pageValues);
      forgetDraft();
      notice.hidden = true;
      announce(strings.draftDiscarded);
      var title = field("title");
      if (title) {
        title.focus();
      }
      askForSuggestions(false);
    });
  }

  // A page shown again with text in it (after an error, or an edit) gets its suggestions at once.
  askForSuggestions(false);
})();
