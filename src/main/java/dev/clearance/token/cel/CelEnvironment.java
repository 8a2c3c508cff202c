package dev.clearance.token.cel;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.CelOptions;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.extensions.CelListsExtensions;
import dev.cel.extensions.CelStringExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelStandardFunctions;
import dev.cel.runtime.RuntimeEquality;
import dev.cel.runtime.RuntimeHelpers;
import dev.cel.runtime.standard.InOperator.InOverload;
import dev.cel.runtime.standard.StringFunction.StringOverload;
import dev.cel.validator.CelValidator;
import dev.cel.validator.CelValidatorFactory;
import dev.cel.validator.validators.DurationLiteralValidator;
import dev.cel.validator.validators.HomogeneousLiteralValidator;
import dev.cel.validator.validators.TimestampLiteralValidator;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;

/**
 * The cel-java compilers and runtime standing in for kube-apiserver's two CEL environments (one with
 * {@code claims}, one with {@code user}), with the libraries kube-apiserver 1.34 offers that cel-java has or that
 * this package adds. Built once per {@link ClaimExpressions}.
 */
final class CelEnvironment {

    static final String CLAIMS = "claims";
    static final String USER = "user";

    /** kube-apiserver's {@code kubernetes.UserInfo}, an object type so an unknown field fails to compile. */
    static final StructType USER_INFO = userInfo();

    /** cel-go's strings extension version 2: no reverse (version 3); replace is {@link KubeStrings}'. */
    private static final EnumSet<CelStringExtensions.Function> STRING_FUNCTIONS = EnumSet.complementOf(
            EnumSet.of(CelStringExtensions.Function.REVERSE, CelStringExtensions.Function.REPLACE));

    final CelCompiler claimsCompiler;
    final CelCompiler userCompiler;
    final CelRuntime runtime;
    /** kube-apiserver's AST validators: literal regexes, durations and timestamps, homogeneous literals. */
    final CelValidator claimsValidator;
    final CelValidator userValidator;

    CelEnvironment(CelLimits limits) {
        CelOptions options = CelOptions.current()
                .enableOptionalSyntax(true)
                .enableHeterogeneousNumericComparisons(true)
                .enableHiddenAccumulatorVar(true)
                .errorOnDuplicateMapKeys(true)
                .maxExpressionCodePointSize(limits.maxExpressionLength())
                // a backstop: Budget counts iterations itself and first, where an error cannot be swallowed
                .comprehensionMaxIterations(limits.maxIterations() + 1)
                .build();
        RuntimeEquality equality = RuntimeEquality.create(RuntimeHelpers.create(), options);
        KubeStrings strings = new KubeStrings(equality);
        KubeLists lists = new KubeLists(options);
        KubeRegex regex = new KubeRegex();
        KubeUrls urls = new KubeUrls();
        CelCompilerBuilder compiler = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setTypeProvider(new UserTypeProvider())
                .addLibraries(CelExtensions.optional(), CelExtensions.strings(STRING_FUNCTIONS),
                        // by version, not by function set: cel-java adds the sortBy macro only then
                        CelExtensions.lists(2), CelExtensions.sets(options), CelExtensions.comprehensions(),
                        strings, lists, regex, urls);
        claimsCompiler = compiler.build().toCompilerBuilder()
                .addVar(CLAIMS, MapType.create(SimpleType.STRING, SimpleType.DYN)).build();
        userCompiler = compiler.build().toCompilerBuilder().addVar(USER, USER_INFO).build();
        var runtimeBuilder = CelRuntimeFactory.standardCelRuntimeBuilder()
                .setOptions(options)
                .setStandardEnvironmentEnabled(false)
                .setStandardFunctions(CelStandardFunctions.newBuilder()
                        .filterFunctions((function, overload) -> overload != StringOverload.DOUBLE_TO_STRING
                                && overload != InOverload.IN_MAP)
                        .build())
                .addLibraries(CelExtensions.optional(), CelExtensions.strings(STRING_FUNCTIONS),
                        CelExtensions.lists(EnumSet.complementOf(EnumSet.of(CelListsExtensions.Function.RANGE))),
                        CelExtensions.sets(options), CelExtensions.comprehensions(),
                        strings, lists, regex, urls);
        runtime = runtimeBuilder.build();
        claimsValidator = validator(claimsCompiler, runtime);
        userValidator = validator(userCompiler, runtime);
    }

    private static CelValidator validator(CelCompiler compiler, CelRuntime runtime) {
        return CelValidatorFactory.standardCelValidatorBuilder(compiler, runtime)
                .addAstValidators(new RegexLiterals(), DurationLiteralValidator.INSTANCE,
                        TimestampLiteralValidator.INSTANCE,
                        // as cel-go, format's argument list may mix types: "%s: %d".format([name, 1])
                        HomogeneousLiteralValidator.newInstance("format", "lists.@sortByAssociatedKeys"))
                .build();
    }

    private static StructType userInfo() {
        Map<String, CelType> fields = Map.of(
                "username", SimpleType.STRING,
                "uid", SimpleType.STRING,
                "groups", ListType.create(SimpleType.STRING),
                "extra", MapType.create(SimpleType.STRING, ListType.create(SimpleType.STRING)));
        return StructType.create("kubernetes.UserInfo", ImmutableSet.copyOf(fields.keySet()),
                name -> Optional.ofNullable(fields.get(name)));
    }

    /** Makes {@code kubernetes.UserInfo} known to the type checker. */
    private static final class UserTypeProvider implements CelTypeProvider {

        @Override
        public ImmutableCollection<CelType> types() {
            return ImmutableList.of(USER_INFO);
        }

        @Override
        public Optional<CelType> findType(String typeName) {
            return USER_INFO.name().equals(typeName) ? Optional.of(USER_INFO) : Optional.empty();
        }
    }
}
