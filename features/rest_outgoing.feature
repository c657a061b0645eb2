Feature: Outgoing REST calls: credentials, parameters, headers, every method, status mapping
  The guide to calling external REST APIs: each outgoing connection carries its
  own credentials (a bearer token for the Customer API, an API key for the Orders
  API, Basic Auth for the External API). A call's `params` fill the `{names}` of
  its path and the rest become the query string; a call may add its own headers
  (the correlation id as X-Request-ID, a client version, a language); a channel
  may forward the caller's own method; and a call may map a backend's failing
  status to the caller's (a 404 stays a 404, anything else is a 500).

  Background:
    Given address "@services.orchestrator.url"

  Scenario: Each connection sends its own credentials
    Given URL path "/api/customer"
    When the URL is invoked
    Then status is "200"
    And path "/name" is "Maria Garcia"
    And backend "commerce" received header "Authorization" is "Bearer customer-token"
    Given URL path "/api/orders/ORD-1001"
    When the URL is invoked
    Then status is "200"
    And backend "commerce" received header "X-Orders-Key" is "orders-key"
    Given URL path "/api/external/data"
    When the URL is invoked
    Then status is "200"
    And backend "commerce" received header "Authorization" is "Basic aGFybmVzczpleHRlcm5hbC1zZWNyZXQ="

  Scenario: A parameter the path names fills it; the others become the query string
    Given URL path "/api/customers/12345/orders"
    And query string "?status=pending"
    When the URL is invoked
    Then status is "200"
    And backend "commerce" received "1" requests to "GET" "/orders-api/customers/12345/orders?status=pending"

  Scenario: A parameter without a value is left out of the query string
    Given URL path "/api/customers/12345/orders"
    When the URL is invoked
    Then status is "200"
    And path "/orders/1/order_id" is "ORD-1002"
    And backend "commerce" received "1" requests to "GET" "/orders-api/customers/12345/orders"
    And backend "commerce" received "0" requests to "GET" "/orders-api/customers/12345/orders?status="

  Scenario: A parameter value stays inside its path segment
    Given URL path "/api/customers/12%2F345%3Fx/orders"
    When the URL is invoked
    Then backend "commerce" received "1" requests to "GET" "/orders-api/customers/12%2F345%3Fx/orders"
    And backend "commerce" received "0" requests to "GET" "/orders-api/customers/12/345"

  Scenario: A call adds its own headers: the correlation id as X-Request-ID, a client version, a language
    Given URL path "/api/external/data"
    When the URL is invoked
    Then status is "200"
    And I store header "X-Correlation-ID" from response under "cid"
    And path "/request_id" is "#cid"
    And path "/client_version" is "2.0"
    And path "/language" is "en-US"
    And backend "commerce" received header "X-Request-ID" is "#cid"
    And backend "commerce" received header "Accept" is "application/json"

  Scenario Outline: The caller's <method> is the method sent to the Orders API
    Given URL path "/api/orders/ORD-1001"
    And REST method "<method>"
    And request is "{"status": "paid"}"
    When the URL is invoked
    Then status is "200"
    And path "/status" is "<status>"
    And backend "commerce" received "1" requests to "<method>" "/orders-api/orders/ORD-1001"

    Examples:
      | method  | status   |
      | GET     | delivered |
      | PUT     | replaced |
      | PATCH   | updated  |
      | DELETE  | deleted  |

  Scenario: A PUT forwards the caller's body
    Given URL path "/api/orders/ORD-1001"
    And REST method "PUT"
    And request is "{"status": "paid"}"
    When the URL is invoked
    Then status is "200"
    And backend "commerce" received a request with path "/status" is "paid"
    And backend "commerce" received a request with path "/order_id" is "ORD-1001"

  Scenario: OPTIONS and HEAD are forwarded too
    Given URL path "/api/orders/ORD-1001"
    And REST method "OPTIONS"
    When the URL is invoked
    Then status is "200"
    And path "/methods" is a list "GET,PUT,PATCH,DELETE,HEAD,OPTIONS"
    Given REST method "HEAD"
    When the URL is invoked
    Then status is "200"
    And JSON response does not exist
    And backend "commerce" received "1" requests to "OPTIONS" "/orders-api/orders/ORD-1001"
    And backend "commerce" received "1" requests to "HEAD" "/orders-api/orders/ORD-1001"

  Scenario: A POST to the one-order path is a 405 listing the methods it takes
    Given URL path "/api/orders/ORD-1001"
    And REST method "POST"
    When the URL is invoked
    Then status is "405"
    And header "Allow" is "GET, PUT, PATCH, DELETE, HEAD, OPTIONS"

  Scenario: A backend 404 is a 404 for the caller
    Given URL path "/api/external/items/ITEM-9"
    When the URL is invoked
    Then status is "404"
    And path "/code" is "backend_error"
    And path "/backend" is "external_api"
    And path "/backend_status" is an integer "404"
    And response does not contain "item not found"

  Scenario: Any other failing answer is a 500 for the caller
    Given URL path "/api/external/items/ITEM-2"
    When the URL is invoked
    Then status is "500"
    And path "/backend_status" is an integer "503"
    And path "/kind" is "http_status"

  Scenario: A literal path wins over a {param} path declared before it
    Given URL path "/api/external/items/featured"
    When the URL is invoked
    Then status is "200"
    And path "/item_id" is "ITEM-1"
    And backend "commerce" received "0" requests to "GET" "/external-api/items/featured"
