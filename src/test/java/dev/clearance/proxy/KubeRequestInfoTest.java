package dev.clearance.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The API server's request-info rules (PROTOCOL.md [S20]), as the proxy records them in audit events. */
class KubeRequestInfoTest {

    @ParameterizedTest(name = "{0} {1}?watch={2} -> {4} {6} {7}/{8}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            // method | path | watch | resource? | verb | group | namespace | resource | subresource | name
            "GET    | /api/v1/namespaces/team-a/pods              | null  | true  | list             |      | team-a | pods        |             |",
            "GET    | /api/v1/namespaces/team-a/pods              | true  | true  | watch            |      | team-a | pods        |             |",
            "GET    | /api/v1/namespaces/team-a/pods              | 1     | true  | watch            |      | team-a | pods        |             |",
            "GET    | /api/v1/namespaces/team-a/pods              | false | true  | list             |      | team-a | pods        |             |",
            "HEAD   | /api/v1/namespaces/team-a/pods/web          | null  | true  | get              |      | team-a | pods        |             | web",
            "GET    | /api/v1/namespaces/team-a/pods/web/log      | null  | true  | get              |      | team-a | pods        | log         | web",
            "POST   | /api/v1/namespaces/team-a/pods/web/exec     | null  | true  | create           |      | team-a | pods        | exec        | web",
            "POST   | /api/v1/namespaces/team-a/configmaps        | null  | true  | create           |      | team-a | configmaps  |             |",
            "PUT    | /apis/apps/v1/namespaces/team-a/deployments/web/scale | null | true | update | apps | team-a | deployments | scale    | web",
            "PATCH  | /apis/apps/v1/namespaces/team-a/deployments/web | null | true | patch        | apps | team-a | deployments |             | web",
            "DELETE | /api/v1/namespaces/team-a/pods/web          | null  | true  | delete           |      | team-a | pods        |             | web",
            "DELETE | /api/v1/namespaces/team-a/pods              | null  | true  | deletecollection |      | team-a | pods        |             |",
            "GET    | /api/v1/namespaces                          | null  | true  | list             |      |        | namespaces  |             |",
            "GET    | /api/v1/namespaces/team-a                   | null  | true  | get              |      | team-a | namespaces  |             | team-a",
            "PUT    | /api/v1/namespaces/team-a/finalize          | null  | true  | update           |      | team-a | namespaces  | finalize    | team-a",
            "GET    | /api/v1/namespaces/team-a/status            | null  | true  | get              |      | team-a | namespaces  | status      | team-a",
            "GET    | /api/v1/watch/namespaces/team-a/pods        | null  | true  | watch            |      | team-a | pods        |             |",
            "GET    | /api/v1/watch/namespaces/team-a/pods/web    | null  | true  | watch            |      | team-a | pods        |             | web",
            "GET    | /api/v1/proxy/namespaces/team-a/services/web/healthz | null | true | proxy    |      | team-a | services    |             | web",
            "GET    | /api/v1/nodes/node-1                        | null  | true  | get              |      |        | nodes       |             | node-1",
            "POST   | /apis/authentication.k8s.io/v1/selfsubjectreviews | null | true | create | authentication.k8s.io | | selfsubjectreviews | |",
            "GET    | /api                                        | null  | false | get              |      |        |             |             |",
            "GET    | /api/v1                                     | null  | false | get              |      |        |             |             |",
            "GET    | /apis/apps                                  | null  | false | get              |      |        |             |             |",
            "GET    | /apis/apps/v1                               | null  | false | get              |      |        |             |             |",
            "GET    | /version                                    | null  | false | get              |      |        |             |             |",
            "POST   | /healthz                                    | null  | false | post             |      |        |             |             |",
            "GET    | /                                           | null  | false | get              |      |        |             |             |",
            "OPTIONS | /api/v1/namespaces/team-a/pods             | null  | true  |                  |      | team-a | pods        |             |",
    })
    void parsesAsTheApiServerDoes(String method, String path, String watch, boolean resourceRequest, String verb, String group,
            String namespace, String resource, String subresource, String name) {
        KubeRequestInfo info = KubeRequestInfo.parse(method, path, watch);
        assertEquals(resourceRequest, info.resourceRequest(), "resource request");
        assertEquals(nz(verb), info.verb(), "verb");
        if (resourceRequest) {
            assertEquals(nz(group), info.group(), "group");
            assertEquals(nz(namespace), info.namespace(), "namespace");
            assertEquals(nz(resource), info.resource(), "resource");
            assertEquals(nz(subresource), info.subresource(), "subresource");
            assertEquals(nz(name), info.name(), "name");
        }
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }
}
