package dev.clearance.admission;

import java.util.List;
import java.util.Objects;

/** What a CertificateSigningRequest's {@code spec.request} would name: every CN and O attribute, or why it cannot be read. */
sealed interface CsrReading {

    /** Every CN and O attribute of the subject, in order, each with its raw string value. */
    record Names(List<SubjectName> names) implements CsrReading {
        public Names {
            names = List.copyOf(names);
        }
    }

    /** A sentence saying what is wrong with {@code spec.request}, for the requester. */
    record Unreadable(String why) implements CsrReading {
        public Unreadable {
            Objects.requireNonNull(why);
        }
    }

    /** {@code type} is {@code CN} or {@code O}. */
    record SubjectName(String type, String value) {}
}
