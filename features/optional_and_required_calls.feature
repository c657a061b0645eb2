Feature: Optional calls degrade to null, required calls fail the request
  A call marked optional (the dashboard's recommendations and risk score) may fail
  in any way (an error status, a broken connection) and the channel still answers,
  with null in its place. Every other call is required: its failure fails the
  whole request with a 502 that names the backend and carries its status.

  Background:
    Given address "@services.orchestrator.url"
    And URL path "/api/customer/C-1001/dashboard"

  Scenario Outline: An optional call answering <status> leaves <field> null and the dashboard answers 200
    Given backend "<backend>" responds to "GET" "<path>" with status "<status>"
    When the URL is invoked
    Then status is "200"
    And path "/<field>" is null
    And path "/customer/name" is "Alice Martin"
    And path "/summary/total_orders" is an integer "3"
    And backend "<backend>" received "1" requests to "GET" "<path>"

    Examples:
      | backend | path                                  | status | field           |
      | crm     | /api/customers/C-1001/recommendations | 500    | recommendations |
      | crm     | /api/customers/C-1001/recommendations | 404    | recommendations |
      | fraud   | /api/risk/C-1001                      | 503    | risk_score      |
      | fraud   | /api/risk/C-1001                      | 400    | risk_score      |

  Scenario: An optional call whose connection breaks is null too
    Given backend "fraud" fails "GET" "/api/risk/C-1001" with "connection reset"
    When the URL is invoked
    Then status is "200"
    And path "/risk_score" is null
    And path "/recommendations/0/sku" is "SKU-PREM-SUPPORT"

  Scenario: An optional call answering garbage is null too
    Given backend "crm" fails "GET" "/api/customers/C-1001/recommendations" with "malformed response"
    When the URL is invoked
    Then status is "200"
    And path "/recommendations" is null
    And path "/risk_score" is a float "0.12"

  Scenario Outline: A required call (<call>) failing fails the dashboard with a 502 naming <backend>
    Given backend "<backend>" responds to "GET" "<path>" with status "500"
    When the URL is invoked
    Then status is "502"
    And path "/code" is "backend_error"
    And path "/backend" is "<backend>"
    And path "/backend_status" is an integer "500"
    And backend "<backend>" received "1" requests to "GET" "<path>"

    Examples:
      | call    | backend  | path                          |
      | profile | crm      | /api/customers/C-1001/profile |
      | tickets | crm      | /api/customers/C-1001/tickets |
      | orders  | payments | /api/customers/C-1001/orders  |
      | balance | billing  | /api/customers/C-1001/balance |

  Scenario: A required call whose connection breaks fails the dashboard after its retries
    Given backend "payments" fails "GET" "/api/customers/C-1001/orders" with "empty response"
    When the URL is invoked
    Then status is "502"
    And path "/backend" is "payments"
    And path "/error" is "the connection to backend `payments` broke"
    And path "/kind" is "connection_broken"
    And backend "payments" received "3" requests to "GET" "/api/customers/C-1001/orders"
