package dev.clearance.token.authconfig;

import dev.clearance.token.cel.CelCompileError;
import dev.clearance.token.cel.ClaimExpressions;
import dev.clearance.token.cel.Expression;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * kube-apiserver's rules on one authenticator's claimValidationRules, claimMappings and userValidationRules, in its
 * order, compiling each expression as it goes (once, at load). It also applies the email rule: a username taken
 * from {@code claims.email} needs {@code claims.email_verified} checked somewhere, or anyone whose issuer lets them
 * type an unverified address could become that user.
 */
final class ExpressionRules {

    private static final String EMAIL_RULE = "claims.email_verified must be used in claimMappings.username.expression"
            + " or claimMappings.extra[*].valueExpression or claimValidationRules[*].expression when claims.email is"
            + " used in claimMappings.username.expression";

    private final ClaimExpressions cel;
    private final List<FieldError> errors;
    private boolean usesEmail;
    private boolean usesEmailVerified;

    final List<CompiledClaimRule> claimRules = new ArrayList<>();
    Optional<Expression> username = Optional.empty();
    Optional<Expression> groups = Optional.empty();
    Optional<Expression> uid = Optional.empty();
    final List<CompiledExtra> extra = new ArrayList<>();
    final List<CompiledUserRule> userRules = new ArrayList<>();

    ExpressionRules(ClaimExpressions cel, List<FieldError> errors) {
        this.cel = cel;
        this.errors = errors;
    }

    void claimValidationRules(List<ClaimValidationRule> rules, String path) {
        Set<String> claims = new HashSet<>();
        Set<String> expressions = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            ClaimValidationRule rule = rules.get(i);
            String at = path + "[" + i + "]";
            boolean claim = !rule.claim().isEmpty();
            boolean expression = !rule.expression().isEmpty();
            if (claim && expression) {
                errors.add(FieldError.invalid(at, rule.claim(), "claim and expression can't both be set"));
            } else if (!claim && !expression) {
                errors.add(FieldError.required(at, "claim or expression is required"));
            } else if (claim) {
                if (!rule.message().isEmpty()) {
                    errors.add(FieldError.invalid(at + ".message", rule.message(), "may not be specified when claim is set"));
                }
                if (!claims.add(rule.claim())) {
                    errors.add(FieldError.duplicate(at + ".claim", rule.claim()));
                }
                claimRules.add(new CompiledClaimRule.RequiredClaim(rule.claim(), rule.requiredValue()));
            } else {
                if (!rule.requiredValue().isEmpty()) {
                    errors.add(FieldError.invalid(at + ".requiredValue", rule.requiredValue(),
                            "may not be specified when expression is set"));
                }
                if (!expressions.add(rule.expression())) {
                    errors.add(FieldError.duplicate(at + ".expression", rule.expression()));
                    continue;
                }
                compileClaims(rule.expression(), true, at + ".expression").ifPresent(e -> {
                    usesEmailVerified |= e.selectsClaim("email_verified");
                    claimRules.add(new CompiledClaimRule.Condition(e, rule.message()));
                });
            }
        }
    }

    void claimMappings(ClaimMappings m, String path) {
        int before = errors.size();
        Optional<Expression> user = prefixed(m.username(), path + ".username", true);
        if (errors.size() == before && user.isPresent()) {
            usesEmail |= user.get().selectsClaim("email");
            usesEmailVerified |= user.get().selectsClaim("email_verified");
            username = user;
        }
        before = errors.size();
        Optional<Expression> group = prefixed(m.groups(), path + ".groups", false);
        if (errors.size() == before) {
            groups = group;
        }
        ClaimOrExpression id = m.uid();
        if (!id.claim().isEmpty() && !id.expression().isEmpty()) {
            errors.add(FieldError.invalid(path + ".uid", "", "claim and expression can't both be set"));
        } else if (!id.expression().isEmpty()) {
            uid = compileClaims(id.expression(), false, path + ".uid.expression");
        }
        extra(m.extra(), path + ".extra");
        if (usesEmail && !usesEmailVerified) {
            errors.add(FieldError.invalid(path + ".username.expression", m.username().expression(), EMAIL_RULE));
        }
    }

    private Optional<Expression> prefixed(PrefixedClaimOrExpression mapping, String path, boolean required) {
        boolean claim = !mapping.claim().isEmpty();
        boolean expression = !mapping.expression().isEmpty();
        if (claim && expression) {
            errors.add(FieldError.invalid(path, "", "claim and expression can't both be set"));
        } else if (!claim && !expression && required) {
            errors.add(FieldError.required(path, "claim or expression is required"));
        } else if (expression) {
            if (mapping.prefix() != null) {
                errors.add(FieldError.invalid(path + ".prefix", mapping.prefix(), "may not be specified when expression is set"));
            }
            return compileClaims(mapping.expression(), false, path + ".expression");
        } else if (claim && mapping.prefix() == null) {
            errors.add(FieldError.required(path + ".prefix",
                    "prefix is required when claim is set. It can be set to an empty string to disable prefixing"));
        }
        return Optional.empty();
    }

    private void extra(List<ExtraMapping> mappings, String path) {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < mappings.size(); i++) {
            ExtraMapping mapping = mappings.get(i);
            String at = path + "[" + i + "]";
            errors.addAll(ExtraKeys.check(at + ".key", mapping.key()));
            if (!keys.add(mapping.key())) {
                errors.add(FieldError.duplicate(at + ".key", mapping.key()));
                continue;
            }
            if (mapping.valueExpression().isEmpty()) {
                errors.add(FieldError.required(at + ".valueExpression", ""));
                continue;
            }
            compileClaims(mapping.valueExpression(), false, at + ".valueExpression").ifPresent(e -> {
                usesEmailVerified |= e.selectsClaim("email_verified");
                extra.add(new CompiledExtra(mapping.key(), e));
            });
        }
    }

    void userValidationRules(List<UserValidationRule> rules, String path) {
        Set<String> expressions = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            UserValidationRule rule = rules.get(i);
            String at = path + "[" + i + "].expression";
            if (rule.expression().isEmpty()) {
                errors.add(FieldError.required(at, ""));
                continue;
            }
            if (!expressions.add(rule.expression())) {
                errors.add(FieldError.duplicate(at, rule.expression()));
                continue;
            }
            try {
                userRules.add(new CompiledUserRule(cel.compileUser(rule.expression()), rule.message()));
            } catch (CelCompileError e) {
                errors.add(FieldError.invalid(at, rule.expression(), e.getMessage()));
            }
        }
    }

    private Optional<Expression> compileClaims(String source, boolean mustBeBool, String field) {
        try {
            return Optional.of(cel.compileClaims(source, mustBeBool));
        } catch (CelCompileError e) {
            errors.add(FieldError.invalid(field, source, e.getMessage()));
            return Optional.empty();
        }
    }
}
