<?xml version="1.0" encoding="UTF-8"?>
<!--
  Reading view: TEI document → HTML fragment (table of contents + text + notes) that the
  Jinja page shell templates/document.html places in the site.
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
    <div class="document-parts">
      <xsl:if test="exists(//tei:body//tei:div/tei:head)">
        <nav class="toc" aria-labelledby="toc-heading">
          <h2 id="toc-heading">Contents</h2>
          <ol><xsl:apply-templates select="tei:TEI/tei:text/(tei:body | tei:back)/tei:div[tei:head]" mode="toc"/></ol>
        </nav>
      </xsl:if>
      <article class="tei-document" id="text" lang="{(tei:TEI/@xml:lang, 'en')[1]}">
        <xsl:apply-templates select="tei:TEI/tei:text"/>
        <xsl:call-template name="footnotes"/>
      </article>
    </div>
  </xsl:template>

  <!-- ============ Table of contents ============ -->
  <xsl:template match="tei:div" mode="toc">
    <li>
      <a href="#{ed:div-id(.)}"><xsl:apply-templates select="tei:head" mode="toc"/></a>
      <xsl:if test="tei:div[tei:head]">
        <ol><xsl:apply-templates select="tei:div[tei:head]" mode="toc"/></ol>
      </xsl:if>
    </li>
  </xsl:template>
  <xsl:template match="tei:head" mode="toc">
    <xsl:apply-templates mode="toc"/>
  </xsl:template>
  <xsl:template match="tei:note" mode="toc"/>
  <xsl:template match="tei:choice" mode="toc"><xsl:apply-templates select="*[1]" mode="toc"/></xsl:template>
  <xsl:template match="*" mode="toc"><xsl:apply-templates mode="toc"/></xsl:template>

  <!-- Sections a reader can link to always have an id, even if the TEI gives none. -->
  <xsl:function name="ed:div-id" as="xs:string">
    <xsl:param name="div" as="element(tei:div)"/>
    <!-- front and back count their own divs: their prefix keeps them apart from the body's (sitecheck) -->
    <xsl:sequence select="string(($div/@xml:id, 'sec-' || ($div/ancestor::tei:front ! 'front-', $div/ancestor::tei:back ! 'back-')[1] || string-join(for $d in $div/ancestor-or-self::tei:div return string(count($d/preceding-sibling::tei:div) + 1), '.'))[1])"/>
  </xsl:function>

  <xsl:template match="tei:div">
    <section id="{ed:div-id(.)}">
      <xsl:attribute name="class" select="string-join(('div', @type ! ('div-' || .)), ' ')"/>
      <xsl:if test="@n"><xsl:attribute name="data-n" select="@n"/></xsl:if>
      <xsl:if test="@type = 'headnote'">
        <p class="resp-label">Translator’s headnote</p>
      </xsl:if>
      <xsl:apply-templates/>
    </section>
  </xsl:template>

  <!-- ============ Notes: a call in the text, the note in the list at the end ============ -->
  <xsl:template match="tei:note[@place = 'foot' or @type = 'editorial']">
    <xsl:variable name="id" select="ed:note-id(.)"/>
    <a class="noteref{if (@type = 'editorial') then ' editorial' else ''}" href="#{$id}"
       id="{$id}-ref" role="doc-noteref" aria-label="note {ed:note-label(.)}"><sup>{ed:note-label(.)}</sup></a>
  </xsl:template>

  <xsl:template match="tei:note">
    <span class="inline-note"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template name="footnotes">
    <xsl:variable name="source-notes" select="tei:TEI/tei:text//tei:note[@place = 'foot'][not(@type = 'editorial')]"/>
    <xsl:variable name="ed-notes" select="tei:TEI/tei:text//tei:note[@type = 'editorial']"/>
    <xsl:if test="$source-notes">
      <section class="footnotes" role="doc-endnotes" aria-labelledby="notes-heading">
        <h2 id="notes-heading">Notes</h2>
        <ol class="notes">
          <xsl:apply-templates select="$source-notes" mode="note-body"/>
        </ol>
      </section>
    </xsl:if>
    <xsl:if test="$ed-notes">
      <section class="footnotes editorial" aria-labelledby="ednotes-heading">
        <h2 id="ednotes-heading">Editorial notes</h2>
        <ol class="notes">
          <xsl:apply-templates select="$ed-notes" mode="note-body"/>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:note" mode="note-body">
    <xsl:variable name="id" select="ed:note-id(.)"/>
    <li id="{$id}" class="note{if (@resp) then ' resp' else ''}" data-n="{ed:note-label(.)}">
      <span class="note-label">{ed:note-label(.)}</span>
      <div class="note-body">
        <xsl:apply-templates/>
        <xsl:text> </xsl:text>
        <a class="backlink" href="#{$id}-ref" role="doc-backlink" aria-label="back to the text of note {ed:note-label(.)}">↩</a>
      </div>
    </li>
  </xsl:template>
  <xsl:template match="tei:note/tei:p">
    <p><xsl:apply-templates/></p>
  </xsl:template>

</xsl:stylesheet>
