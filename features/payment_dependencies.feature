Feature: A payment waits for its validation and fraud check: depends_on
  The pattern guide's payment: POST /api/payments validates the payment and, for
  amounts over 100, checks it for fraud, both at once; the charge depends on both
  and starts once they have finished (a fraud check skipped by its condition
  counts as finished); the notification depends on the charge and is sent
  without waiting. A card the validator refuses (422) is a 422 for the caller,
  and nothing is charged.

  Background:
    Given address "@services.orchestrator.url"
    And URL path "/api/payments"
    And REST method "POST"

  Scenario: A large payment is validated and checked, then charged, then notified
    Given request is "{"amount": 250.0, "card_token": "tok_visa"}"
    When the URL is invoked
    Then status is "201"
    And JSON response is equal to "{"payment_id": "PAY-5001", "status": "charged", "fraud_decision": "approve"}"
    And backend "commerce" received "1" requests to "POST" "/payments-api/validate"
    And backend "commerce" received "1" requests to "POST" "/risk-api/check"
    And backend "commerce" received "1" requests to "POST" "/payments-api/charge"
    And backend "commerce" received a request with path "/validation_id" is "VAL-7001"
    And backend "commerce" received a request with path "/card_hash" is "tok_visa"
    When I sleep for "0.2"
    Then backend "commerce" received "1" requests to "POST" "/notify-api/payment"
    And backend "commerce" received a request with path "/payment_id" is "PAY-5001"

  Scenario: A small payment skips the fraud check and is still charged
    Given request is "{"amount": 40, "card_token": "tok_visa"}"
    When the URL is invoked
    Then status is "201"
    And path "/status" is "charged"
    And path "/fraud_decision" is null
    And backend "commerce" received "0" requests to "POST" "/risk-api/check"
    And backend "commerce" received "1" requests to "POST" "/payments-api/charge"

  Scenario: The charge waits for a slow fraud check
    Given backend "commerce" delays "POST" "/risk-api/check" by "300" ms
    And request is "{"amount": 250.0, "card_token": "tok_visa"}"
    When the URL is invoked
    Then status is "201"
    And path "/fraud_decision" is "approve"
    And backend "commerce" received "1" requests to "POST" "/payments-api/charge"

  Scenario: A declined card is a 422 for the caller and nothing is charged
    Given request is "{"amount": 250.0, "card_token": "tok_declined"}"
    When the URL is invoked
    Then status is "422"
    And path "/code" is "backend_error"
    And path "/backend" is "payments_api"
    And path "/backend_status" is an integer "422"
    And response does not contain "card declined"
    And backend "commerce" received "0" requests to "POST" "/payments-api/charge"

  Scenario: A failed fraud check stops the payment before the charge
    Given backend "commerce" responds to "POST" "/risk-api/check" with status "500"
    And request is "{"amount": 250.0, "card_token": "tok_visa"}"
    When the URL is invoked
    Then status is "502"
    And path "/backend" is "risk_api"
    And backend "commerce" received "0" requests to "POST" "/payments-api/charge"
    When I sleep for "0.2"
    Then backend "commerce" received "0" requests to "POST" "/notify-api/payment"
