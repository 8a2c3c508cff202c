package dev.clearance.token.cel;

import dev.clearance.common.GoUrl;
import dev.cel.checker.CelCheckerBuilder;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompilerLibrary;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelFunctionOverload;
import dev.cel.runtime.CelRuntimeBuilder;
import dev.cel.runtime.CelRuntimeLibrary;

/**
 * kube-apiserver's URL library: {@code url(<string>)} to the type {@code kubernetes.URL}, {@code isURL}, and the
 * accessors {@code getScheme}, {@code getHost}, {@code getHostname}, {@code getPort}, {@code getEscapedPath},
 * {@code getQuery}.
 */
final class KubeUrls implements CelCompilerLibrary, CelRuntimeLibrary {

    static final CelType URL = OpaqueType.create("kubernetes.URL");

    @Override
    public void setCheckerOptions(CelCheckerBuilder checker) {
        checker.addFunctionDeclarations(
                CelFunctionDecl.newFunctionDeclaration("url",
                        CelOverloadDecl.newGlobalOverload("string_to_url", URL, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("isURL",
                        CelOverloadDecl.newGlobalOverload("is_url_string", SimpleType.BOOL, SimpleType.STRING)),
                accessor("getScheme", "url_get_scheme", SimpleType.STRING),
                accessor("getHost", "url_get_host", SimpleType.STRING),
                accessor("getHostname", "url_get_hostname", SimpleType.STRING),
                accessor("getPort", "url_get_port", SimpleType.STRING),
                accessor("getEscapedPath", "url_get_escaped_path", SimpleType.STRING),
                accessor("getQuery", "url_get_query", MapType.create(SimpleType.STRING,
                        ListType.create(SimpleType.STRING))));
    }

    private static CelFunctionDecl accessor(String name, String overloadId, CelType result) {
        return CelFunctionDecl.newFunctionDeclaration(name, CelOverloadDecl.newMemberOverload(overloadId, result, URL));
    }

    @Override
    public void setRuntimeOptions(CelRuntimeBuilder runtime) {
        runtime.addFunctionBindings(
                CelFunctionBinding.from("string_to_url", String.class, KubeUrls::url),
                CelFunctionBinding.from("is_url_string", String.class, KubeUrl::isUrl),
                binding("url_get_scheme", KubeUrl::scheme),
                binding("url_get_host", KubeUrl::host),
                binding("url_get_hostname", KubeUrl::hostname),
                binding("url_get_port", KubeUrl::port),
                binding("url_get_escaped_path", KubeUrl::escapedPath),
                binding("url_get_query", KubeUrl::query));
    }

    private static CelFunctionBinding binding(String overloadId, CelFunctionOverload.Unary<KubeUrl> accessor) {
        return CelFunctionBinding.from(overloadId, KubeUrl.class, accessor);
    }

    private static KubeUrl url(String raw) throws CelEvaluationException {
        try {
            return KubeUrl.parse(raw);
        } catch (GoUrl.UrlException e) {
            throw new CelEvaluationException("URL parse error during conversion from string: " + e.getMessage());
        }
    }
}
