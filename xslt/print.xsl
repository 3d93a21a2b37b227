<?xml version="1.0" encoding="UTF-8"?>
<!--
  Print view: TEI document → HTML fragment for WeasyPrint. Notes stay where they stand, as
  footnotes (CSS float: footnote in assets/edition.css), labelled with their printed numbers.
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
    </article>
  </xsl:template>

  <xsl:template match="tei:div[@type = 'headnote']">
    <section class="div div-headnote">
      <p class="resp-label">Translator’s headnote</p>
      <xsl:apply-templates/>
    </section>
  </xsl:template>

  <xsl:template match="tei:note[@place = 'foot' or @type = 'editorial']">
    <sup class="fn-call">{ed:note-label(.)}</sup>
    <span class="fn{if (@type = 'editorial') then ' editorial' else ''}" id="{ed:note-id(.)}"><span
      class="fn-label">{ed:note-label(.)}</span><xsl:text> </xsl:text><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:note">
    <span class="inline-note"><xsl:apply-templates/></span>
  </xsl:template>

  <!-- A footnote is an inline box: its paragraphs become runs separated by a break. -->
  <xsl:template match="tei:note/tei:p">
    <xsl:if test="preceding-sibling::tei:p"><br/></xsl:if>
    <xsl:apply-templates/>
  </xsl:template>

</xsl:stylesheet>
