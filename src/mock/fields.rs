//! The field names of the stub format subset, and the WireMock fields outside it
//! (reported as unsupported rather than unknown).

pub(crate) const FILE_FIELDS: &[&str] = &["mappings", "meta"];
pub(crate) const MAPPING_FIELDS: &[&str] = &[
    "id",
    "uuid",
    "name",
    "priority",
    "request",
    "response",
    "scenarioName",
    "requiredScenarioState",
    "newScenarioState",
    "metadata",
    "persistent",
    "insertionIndex",
];
pub(crate) const MAPPING_UNSUPPORTED: &[&str] = &["postServeActions", "serveEventListeners"];
pub(crate) const REQUEST_FIELDS: &[&str] = &[
    "method",
    "url",
    "urlPath",
    "urlPathPattern",
    "urlPattern",
    "queryParameters",
    "headers",
    "cookies",
    "basicAuthCredentials",
    "basicAuth",
    "bodyPatterns",
];
pub(crate) const REQUEST_UNSUPPORTED: &[&str] = &[
    "urlPathTemplate",
    "pathParameters",
    "multipartPatterns",
    "customMatcher",
    "formParameters",
    "host",
    "port",
    "scheme",
    "clientIp",
];
pub(crate) const RESPONSE_FIELDS: &[&str] = &[
    "status",
    "headers",
    "jsonBody",
    "body",
    "base64Body",
    "bodyFileName",
    "fixedDelayMilliseconds",
    "fault",
    "transformers",
];
pub(crate) const RESPONSE_UNSUPPORTED: &[&str] = &[
    "statusMessage",
    "proxyBaseUrl",
    "proxyUrlPrefixToRemove",
    "additionalProxyRequestHeaders",
    "removeProxyRequestHeaders",
    "delayDistribution",
    "chunkedDribbleDelay",
    "transformerParameters",
];
pub(crate) const STRING_FIELDS: &[&str] = &[
    "equalTo",
    "caseInsensitive",
    "contains",
    "doesNotContain",
    "matches",
    "doesNotMatch",
    "absent",
];
pub(crate) const STRING_UNSUPPORTED: &[&str] = &[
    "equalToJson",
    "matchesJsonPath",
    "equalToXml",
    "matchesXPath",
    "binaryEqualTo",
    "before",
    "after",
    "equalToDateTime",
    "and",
    "or",
    "not",
    "hasExactly",
    "includes",
    "matchesJsonSchema",
];
pub(crate) const BODY_FIELDS: &[&str] = &[
    "equalToJson",
    "ignoreArrayOrder",
    "ignoreExtraElements",
    "matchesJsonPath",
    "equalToXml",
    "matchesXPath",
    "xPathNamespaces",
    "equalTo",
    "caseInsensitive",
    "contains",
    "doesNotContain",
    "matches",
    "doesNotMatch",
];
pub(crate) const BODY_UNSUPPORTED: &[&str] = &[
    "enablePlaceholders",
    "placeholderOpeningDelimiterRegex",
    "placeholderClosingDelimiterRegex",
    "exemptedComparisons",
    "ignoreOrderOfSameNode",
    "namespaceAwareness",
    "binaryEqualTo",
    "matchesJsonSchema",
    "and",
    "or",
    "not",
    "absent",
];
pub(crate) const JSON_PATH_FIELDS: &[&str] = &[
    "expression",
    "equalTo",
    "caseInsensitive",
    "contains",
    "doesNotContain",
    "matches",
    "doesNotMatch",
    "absent",
];
/// The fields of `basicAuthCredentials` (`basicAuth`).
pub(crate) const BASIC_AUTH_FIELDS: &[&str] = &["username", "password"];
pub(crate) const TEMPLATE_TRANSFORMER: &str = "response-template";
