Feature: XML/SOAP demo (before 2021)

Scenario: *** XML/SOAP Demo ***
    Given address "$TARGET"
    Given URL path "/xml/echo"
    Given HTTP method "POST"
    Given SOAP action "demo:xml"
    Given format "XML"
    Given namespace prefix "demo" of "http://example.com/demo"
    Given request "demo.xml"
    Given XPath "//howdy" in request is "partner"
    Given XPath "//and-beyond" in request is one of "Arcturus, Ανδρομέδα, ほうおう座"
    When the URL is invoked
    Then XPath "//howdy" is "partner"
    And XPath "//and-beyond" isn't empty
    And header "X-SOAPAction" is "demo:xml"

Scenario: A SOAP reply
    Given address "$TARGET"
    Given URL path "/xml"
    Given format "XML"
    Given namespace prefix "demo" of "http://example.com/demo"
    When the URL is invoked
    Then XPath "//demo:action/demo:code" is an integer "0"
    And XPath "//demo:action/demo:msg" is "How do you do?"
    And XPath "//status" isn't one of "closed"
