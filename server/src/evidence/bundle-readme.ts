import type { EvidenceManifest } from './evidence-manifest.js';

/** README.txt of an evidence export: what is in it and how to check it. */
export function bundleReadme(manifest: EvidenceManifest): string {
  const files = manifest.files.map((file) => `  ${file.path}  (${file.kind}, ${file.bytes} bytes, SHA-256 ${file.sha256})`).join('\n');
  return `Vigil evidence export
=====================

Alert:    ${manifest.alertId}
Rule:     ${manifest.rule.name} (${manifest.rule.id}, ${manifest.rule.severity})
Camera:   ${manifest.cameraId}
Started:  ${manifest.startedAt}
Manifest: ${manifest.createdAt}

Evidence files:
${files || '  (none)'}

Also here:
  manifest.json              the files above with their sizes and SHA-256 hashes, as Vigil recorded them
  manifest.sig               Ed25519 signature of manifest.json (base64)
  evidence-ed25519.pub.pem   the public key of the Vigil that signed it
  verify.mjs                 a checker that needs only Node.js (18 or later)

How to verify
-------------
1. Unpack this archive into an empty folder and, in that folder, run:

       node verify.mjs

   Exit status 0 and "The signature is valid and every file matches the manifest" mean that no file was
   changed since Vigil signed the manifest. Any difference is printed and the exit status is 1.

2. The check proves the files match a manifest signed by the key in this archive. To know that key is the
   site's, compare the fingerprint verify.mjs prints with the site's own key:

       curl -H "Authorization: Bearer <token>" https://<vigil>/api/evidence/public-key

   (its SHA-256 fingerprint is in the X-Key-Fingerprint header; key fingerprint here: ${manifest.keyFingerprint}).

Without Node.js: compute SHA-256 of each file (sha256sum, certutil -hashfile FILE SHA256) and compare with
manifest.json; check the signature with any Ed25519 tool over the exact bytes of manifest.json, e.g.
  openssl pkeyutl -verify -pubin -inkey evidence-ed25519.pub.pem -rawin -in manifest.json \\
    -sigfile <(base64 -d manifest.sig)
`;
}
