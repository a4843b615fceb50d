// Passkeys (WebAuthn) in the admin: the sign-in page and "Two-factor sign-in" (accounts/passkeys.py).
// A box `[data-passkey]` inside a form holds a button; the script asks the site for a fresh
// challenge (POST data-passkey-options), lets the browser create ("register") or use ("sign-in")
// a passkey, writes the answer as JSON into the form's field named data-passkey-field and submits
// the form. Browsers without WebAuthn keep the button hidden and show the box's message instead.
(function () {
  "use strict";
  var gettext = window.gettext || function (text) { return text; };

  function toBytes(base64url) {
    var base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    var binary = atob(base64 + "===".slice((base64.length + 3) % 4));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function descriptors(list) {
    return (list || []).map(function (item) {
      return { type: item.type, id: toBytes(item.id), transports: item.transports };
    });
  }

  // The JSON form of a credential that the server parses (py_webauthn's parse_*_credential_json):
  // what both ceremonies share, plus each one's own response fields.
  function asJSON(credential, fields) {
    var response = { clientDataJSON: toBase64url(credential.response.clientDataJSON) };
    Object.keys(fields).forEach(function (name) { response[name] = fields[name]; });
    return {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || undefined,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: response
    };
  }

  function register(options) {
    options.challenge = toBytes(options.challenge);
    options.user.id = toBytes(options.user.id);
    options.excludeCredentials = descriptors(options.excludeCredentials);
    return navigator.credentials.create({ publicKey: options }).then(function (credential) {
      var response = credential.response;
      return asJSON(credential, {
        attestationObject: toBase64url(response.attestationObject),
        transports: typeof response.getTransports === "function" ? response.getTransports() : []
      });
    });
  }

  function signIn(options) {
    options.challenge = toBytes(options.challenge);
    options.allowCredentials = descriptors(options.allowCredentials);
    return navigator.credentials.get({ publicKey: options }).then(function (credential) {
      var response = credential.response;
      return asJSON(credential, {
        authenticatorData: toBase64url(response.authenticatorData),
        signature: toBase64url(response.signature),
        userHandle: response.userHandle ? toBase64url(response.userHandle) : undefined
      });
    });
  }

  function supported() {
    return window.isSecureContext && typeof window.PublicKeyCredential === "function" &&
      navigator.credentials && typeof navigator.credentials.create === "function";
  }

  document.querySelectorAll("[data-passkey]").forEach(function (box) {
    var form = box.closest("form");
    var button = box.querySelector("[data-passkey-button]");
    var status = box.querySelector("[data-passkey-status]");
    var field = form.querySelector('input[name="' + box.dataset.passkeyField + '"]');
    var ceremony = box.dataset.passkey === "register" ? register : signIn;
    if (!supported()) {
      box.querySelector("[data-passkey-unsupported]").hidden = false;
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (!form.reportValidity()) return;
      button.disabled = true;
      status.textContent = gettext("Follow your browser to use your passkey…");
      var token = form.querySelector('input[name="csrfmiddlewaretoken"]').value;
      fetch(box.dataset.passkeyOptions, {
        method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": token }
      }).then(function (response) {
        if (!response.ok) throw new Error("options " + response.status);
        return response.json();
      }).then(ceremony).then(function (answer) {
        field.value = JSON.stringify(answer);
        status.textContent = gettext("Checking your passkey…");
        form.submit();
      }).catch(function (error) {
        button.disabled = false;
        if (error && error.name === "NotAllowedError") {
          status.textContent = gettext("No passkey was used (cancelled or timed out). Try again.");
        } else if (error && error.name === "InvalidStateError") {
          status.textContent = gettext("This passkey is already registered for your account.");
        } else {
          status.textContent = gettext("The passkey did not work. Reload the page and try again.");
        }
      });
    });
  });
})();
