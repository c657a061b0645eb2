@billing
Feature: Billing

  Background:
    Given address "$TARGET"

  Scenario: Before any rule
    Then status is "200"

  @invoices
  Rule: Invoices are listed
    Background: With a path
      Given URL path "/invoices"

    @smoke
    Example: All invoices
      When the URL is invoked
      Then status is "200"

  Rule:
    Scenario: Rule without a name
      Then status is "200"

  @payments @slow
  Rule: Payments
    Payments are settled daily.

    Scenario: A payment
      Then status is "200"
