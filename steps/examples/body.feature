Feature: Request bodies
  Inline, from a file, from a doc string, and values set inside them by JSON Pointer
  (missing parents are created).

  Background:
    Given address "$TARGET"
    And URL path "/echo"
    And REST method "POST"

  Scenario: An inline body with values set inside it
    Given request is "{"customer": {"id": 1}}"
    And path "/customer/name" in request is "Maria"
    And path "/customer/address/city" in request is "Riga"
    And path "/customer/age" in request is an integer "42"
    And path "/customer/score" in request is a float "9.5"
    And path "/customer/tags" in request is a list "a,b,c"
    And path "/customer/active" in request is True
    And path "/customer/blocked" in request is False
    And path "/customer/extra" in request is "[1, 'a', None]" (with literal_eval)
    When the URL is invoked
    Then path "/body/customer/id" is an integer "1"
    And path "/body/customer/name" is "Maria"
    And path "/body/customer/address/city" is "Riga"
    And path "/body/customer/age" is an integer "42"
    And path "/body/customer/score" is a float "9.5"
    And path "/body/customer/tags" is a list "a,b,c"
    And path "/body/customer/active" is True
    And path "/body/customer/blocked" is False
    And path "/body/customer/extra" is JSON "[1, "a", null]"
    And path "/headers/content-type" is "application/json"

  Scenario: Generated values
    Given path "/id" in request is a UUID4
    And path "/legacy_id" in request is a UUID
    And path "/name" in request is a random string
    And path "/n" in request is a random integer
    And path "/f" in request is a random float
    And path "/pick" in request is one of "red,green,blue"
    When the URL is invoked
    Then path "/body/id" is any string
    And path "/body/name" starts with "a"
    And path "/body/n" is any integer
    And path "/body/f" is any float
    And path "/body/pick" is one of "red,green,blue"

  Scenario: A body from a file
    Given request "customer.json"
    When the URL is invoked
    Then path "/body/customer/name" is "Maria"

  Scenario: A multi-line body from a doc string
    Given I store "Maria" under "name"
    And request is:
      """
      {
        "customer": {"id": 7, "name": "#{name}"}
      }
      """
    When the URL is invoked
    Then path "/body/customer/id" is an integer "7"
    And path "/body/customer/name" is "Maria"
