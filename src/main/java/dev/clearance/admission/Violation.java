package dev.clearance.admission;

/** What a rule found wrong, in words for the person whose request it was. */
record Violation(AdmissionReason reason, String message) {}
