<?xml version="1.0" encoding="UTF-8"?>
<!--
  Print view: TEI document → HTML fragment for WeasyPrint. Notes stay where they stand, as
  footnotes (CSS float: footnote in assets/edition.css), labelled with their printed numbers.
  The same fragment goes into the document's own PDF and into the volume, so every id it
  carries is the TEI's (already prefixed with the document's id) and unique in the volume.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:ed="urn:edition:functions"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:import href="common.xsl"/>
  <xsl:output method="html" html-version="5" omit-xml-declaration="yes" indent="no" encoding="UTF-8"/>

  <xsl:template match="/">
    <article class="tei-document print" lang="{(tei:TEI/@xml:lang, 'en')[1]}">
      <xsl:apply-templates select="tei:TEI/tei:text"/>
      <xsl:call-template name="corrections"/>
    </article>
  </xsl:template>

  <!-- A PDF has no register pages to link to: a name keeps its anchor (the index points at it)
       but is not a link. -->
  <xsl:function name="ed:entity-href" as="xs:string?">
    <xsl:param name="ref" as="xs:string?"/>
    <xsl:sequence select="()"/>
  </xsl:function>

  <!-- A pointer into a document of the edition becomes an internal link: to the element
       (its id is unique in the volume) or to the document's opening (its id is the document's).
       In a document's own PDF a link into another document has no target and is dropped. -->
  <xsl:function name="ed:href" as="xs:string">
    <xsl:param name="target" as="xs:string"/>
    <xsl:sequence select="
      if (starts-with($target, '#')) then $target
      else if (matches($target, '^[a-z]+:')) then $target
      else if (contains($target, '#')) then '#' || substring-after($target, '#')
      else '#' || replace($target, '^([\w.-]+)\.xml.*$', '$1')"/>
  </xsl:function>

  <xsl:template match="tei:div[@type = 'headnote']">
    <section class="div div-headnote">
      <xsl:call-template name="id"/>
      <p class="resp-label">Translator’s headnote</p>
      <xsl:apply-templates/>
    </section>
  </xsl:template>

  <!-- A heading as the running head and the PDF outline give it: its words without its note
       calls ("Introduction", not "Introduction1"); content(text) would read the call too. -->
  <xsl:template match="tei:div/tei:head">
    <xsl:variable name="level" select="min((count(ancestor::tei:div) + 1, 6))"/>
    <xsl:element name="h{$level}">
      <xsl:call-template name="id"/>
      <xsl:attribute name="data-head" select="normalize-space(string-join(.//text()[not(ancestor::tei:note or ancestor::tei:corr)], ''))"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- Source notes carry their printed number; the edition's notes are lettered, set apart by
       the label "Ed." and a different face (assets/edition.css). -->
  <xsl:template match="tei:note[@place = 'foot' or @type = 'editorial']">
    <xsl:variable name="editorial" select="@type = 'editorial'"/>
    <sup class="fn-call{if ($editorial) then ' editorial' else ''}" id="{ed:note-id(.)}-call">{ed:note-label(.)}</sup>
    <span class="fn{if ($editorial) then ' editorial' else ''}" id="{ed:note-id(.)}"><span
      class="fn-label">{ed:note-label(.)}</span><xsl:text> </xsl:text><xsl:if test="$editorial"><span
      class="fn-resp">Ed.</span><xsl:text> </xsl:text></xsl:if><xsl:apply-templates/></span>
  </xsl:template>

  <!-- A note inside a note (the editors' remark on a source note) cannot float to the foot of
       the page a second time: it stands in brackets where it is, still lettered and marked. -->
  <xsl:template match="tei:note[ancestor::tei:note][@place = 'foot' or @type = 'editorial']" priority="2">
    <span class="fn-inline{if (@type = 'editorial') then ' editorial' else ''}" id="{ed:note-id(.)}">[<span
      class="fn-label">{ed:note-label(.)}</span><xsl:text> </xsl:text><xsl:if test="@type = 'editorial'"><span
      class="fn-resp">Ed.</span><xsl:text> </xsl:text></xsl:if><xsl:apply-templates/>]</span>
  </xsl:template>

  <xsl:template match="tei:note">
    <span class="inline-note"><xsl:apply-templates/></span>
  </xsl:template>

  <!-- A footnote is an inline box: its paragraphs become runs separated by a break. -->
  <xsl:template match="tei:note/tei:p">
    <xsl:if test="preceding-sibling::tei:p"><br/></xsl:if>
    <xsl:apply-templates/>
  </xsl:template>

  <!-- The page gives the reading as printed; the editors' correction is listed at the end of the
       document with the page it stands on (target-counter), so nothing of the source is hidden. -->
  <xsl:template match="tei:choice[tei:sic and tei:corr]">
    <span class="sic" id="{ed:sic-id(.)}"><xsl:apply-templates select="tei:sic/node()"/></span>
  </xsl:template>

  <xsl:function name="ed:sic-id" as="xs:string">
    <xsl:param name="choice" as="element(tei:choice)"/>
    <xsl:sequence select="$doc-id || '-sic' || (count($choice/preceding::tei:choice[tei:sic and tei:corr]) + 1)"/>
  </xsl:function>

  <xsl:template name="corrections">
    <xsl:variable name="choices" select="tei:TEI/tei:text//tei:choice[tei:sic and tei:corr]"/>
    <xsl:if test="$choices">
      <section class="corrections" id="{$doc-id}-corrections">
        <h2>Misprints corrected by the editors</h2>
        <p class="corrections-intro">The text above gives each reading as printed; the editors’
          correction follows it here, with the page on which it stands.</p>
        <ol class="corrections-list">
          <xsl:for-each select="$choices">
            <li><a class="page-ref" href="#{ed:sic-id(.)}"></a><xsl:text> </xsl:text><span
              class="sic-reading">{normalize-space(string(tei:sic))}</span><xsl:text>] </xsl:text><span
              class="corr-reading">{normalize-space(string(tei:corr))}</span></li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
